-- The second step of a claim, when SET ... NX GET found a record under the key: the caller's own
-- live claim (its earlier answer was lost), or a hash, the record format of earlier versions.
-- KEYS[1] record key; ARGV[1] the caller's owner token as records spell it, ARGV[2] lease in ms,
-- ARGV[3] the in-progress record to write, ARGV[4] the fingerprint (optional).
-- Returns nil when the caller holds the claim now, else the record in the string format.
local function spelled(value)
  return (string.gsub(value, '[%%|]', {['%'] = '%25', ['|'] = '%7C'}))
end
local record = redis.pcall('GET', KEYS[1])
if type(record) ~= 'table' then
  local claimed = 'IN_PROGRESS|' .. ARGV[1] .. '|'
  if record and string.sub(record, 1, #claimed) ~= claimed then
    return record
  end
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2])
  return false
end
-- GET refused the key's type: a hash record keeps its format until it expires
local hash = redis.call('HMGET', KEYS[1], 'status', 'token', 'fingerprint', 'result')
if hash[1] == 'IN_PROGRESS' and hash[2] and spelled(hash[2]) == ARGV[1] then
  if ARGV[4] then
    redis.call('HSET', KEYS[1], 'fingerprint', ARGV[4])
  end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return false
end
record = (hash[1] or '') .. '|' .. spelled(hash[2] or '') .. '|' .. spelled(hash[3] or '')
if hash[4] then
  record = record .. '|' .. hash[4]
end
return record
