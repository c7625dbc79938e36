-- KEYS record keys; ARGV[1] lease in ms, ARGV[i + 1] the owner token of KEYS[i] as records spell
-- it (or ARGV[2] alone, the token of every key). Answers the positions of the keys that were not
-- claimed by their token.
local function spelled(value)
  return (string.gsub(value, '[%%|]', {['%'] = '%25', ['|'] = '%7C'}))
end
local function owned(key, token)
  local record = redis.pcall('GET', key)
  if type(record) ~= 'table' then
    local claimed = 'IN_PROGRESS|' .. token .. '|'
    return record and string.sub(record, 1, #claimed) == claimed
  end
  local hash = redis.call('HMGET', key, 'status', 'token')
  return hash[1] == 'IN_PROGRESS' and hash[2] and spelled(hash[2]) == token
end
local lost = {}
for i, key in ipairs(KEYS) do
  if owned(key, ARGV[i + 1] or ARGV[2]) then
    redis.call('PEXPIRE', key, ARGV[1])
  else
    lost[#lost + 1] = i
  end
end
return lost
