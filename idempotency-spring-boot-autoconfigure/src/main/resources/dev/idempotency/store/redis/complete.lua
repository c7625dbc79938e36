-- KEYS record keys; ARGV[1] ttl in ms, ARGV[i + 1] the owner token of KEYS[i] as records spell it
-- (or ARGV[2] alone, the token of every key), ARGV[#KEYS + 2] the result (optional, with one key
-- only). Answers the positions of the keys that were not claimed by their token. The fingerprint
-- stays; a hash record of earlier versions stays a hash.
local function spelled(value)
  return (string.gsub(value, '[%%|]', {['%'] = '%25', ['|'] = '%7C'}))
end
local result = ARGV[#KEYS + 2]
local function complete(key, token)
  local record = redis.pcall('GET', key)
  if type(record) ~= 'table' then
    local claimed = 'IN_PROGRESS|' .. token .. '|'
    if not record or string.sub(record, 1, #claimed) ~= claimed then
      return false
    end
    local completed = 'COMPLETED||' .. string.sub(record, #claimed + 1)
    if result then
      completed = completed .. '|' .. result
    end
    redis.call('SET', key, completed, 'PX', ARGV[1])
    return true
  end
  local hash = redis.call('HMGET', key, 'status', 'token')
  if hash[1] ~= 'IN_PROGRESS' or not hash[2] or spelled(hash[2]) ~= token then
    return false
  end
  redis.call('HSET', key, 'status', 'COMPLETED')
  redis.call('HDEL', key, 'token')
  if result then
    redis.call('HSET', key, 'result', result)
  end
  redis.call('PEXPIRE', key, ARGV[1])
  return true
end
local lost = {}
for i, key in ipairs(KEYS) do
  if not complete(key, ARGV[i + 1] or ARGV[2]) then
    lost[#lost + 1] = i
  end
end
return lost
