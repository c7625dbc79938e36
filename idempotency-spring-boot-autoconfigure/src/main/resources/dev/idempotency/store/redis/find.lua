-- KEYS[1] record key. Returns the record in the string format, also for a hash record of earlier
-- versions, and its remaining time to live in ms; nothing when there is no record.
local function spelled(value)
  return (string.gsub(value, '[%%|]', {['%'] = '%25', ['|'] = '%7C'}))
end
local record = redis.pcall('GET', KEYS[1])
if type(record) == 'table' then
  local hash = redis.call('HMGET', KEYS[1], 'status', 'token', 'fingerprint', 'result')
  record = (hash[1] or '') .. '|' .. spelled(hash[2] or '') .. '|' .. spelled(hash[3] or '')
  if hash[4] then
    record = record .. '|' .. hash[4]
  end
elseif not record then
  return {}
end
return {record, redis.call('PTTL', KEYS[1])}
