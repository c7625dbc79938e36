-- KEYS[1] record key; ARGV[1] owner token, ARGV[2] ttl in ms, ARGV[3] result (optional).
local record = redis.call('HMGET', KEYS[1], 'status', 'token')
if record[1] ~= 'IN_PROGRESS' or record[2] ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'COMPLETED')
redis.call('HDEL', KEYS[1], 'token')
if ARGV[3] then
  redis.call('HSET', KEYS[1], 'result', ARGV[3])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
