-- KEYS[1] record key; ARGV[1] new owner token, ARGV[2] lease in ms.
-- A lapsed lease or ttl has already expired the key, so absent means free.
local record = redis.call('HMGET', KEYS[1], 'status', 'result')
if not record[1] then
  redis.call('HSET', KEYS[1], 'status', 'IN_PROGRESS', 'token', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'ACQUIRED'}
end
if record[1] == 'COMPLETED' then
  return {'DUPLICATE', record[2]}
end
return {'IN_PROGRESS'}
