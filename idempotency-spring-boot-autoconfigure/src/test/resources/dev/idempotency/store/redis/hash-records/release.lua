-- KEYS[1] record key; ARGV[1] owner token.
local record = redis.call('HMGET', KEYS[1], 'status', 'token')
if record[1] == 'IN_PROGRESS' and record[2] == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
