-- KEYS[1] record key. Returns status, token, result, the remaining time to live in ms and the
-- fingerprint.
local record = redis.call('HMGET', KEYS[1], 'status', 'token', 'result', 'fingerprint')
if not record[1] then
  return {}
end
return {record[1], record[2], record[3], redis.call('PTTL', KEYS[1]), record[4]}
