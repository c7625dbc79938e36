-- KEYS[1] record key; ARGV[1] owner token, ARGV[2] lease in ms.
local record = redis.call('HMGET', KEYS[1], 'status', 'token')
if record[1] == 'IN_PROGRESS' and record[2] == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
