-- KEYS[1] record key. Returns status, token, result and the remaining time to live in ms.
local record = redis.call('HMGET', KEYS[1], 'status', 'token', 'result')
if not record[1] then
  return {}
end
return {record[1], record[2], record[3], redis.call('PTTL', KEYS[1])}
