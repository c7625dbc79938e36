-- KEYS record keys; ARGV[i] the owner token of KEYS[i] as records spell it (or ARGV[1] alone, the
-- token of every key). Deletes each record still claimed by its token.
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
local released = 0
for i, key in ipairs(KEYS) do
  if owned(key, ARGV[i] or ARGV[1]) then
    released = released + redis.call('DEL', key)
  end
end
return released
