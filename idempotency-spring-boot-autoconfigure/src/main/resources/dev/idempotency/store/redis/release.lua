-- KEYS[1] record key; ARGV[1] owner token as records spell it.
local function spelled(value)
  return (string.gsub(value, '[%%|]', {['%'] = '%25', ['|'] = '%7C'}))
end
local record = redis.pcall('GET', KEYS[1])
if type(record) ~= 'table' then
  local claimed = 'IN_PROGRESS|' .. ARGV[1] .. '|'
  if record and string.sub(record, 1, #claimed) == claimed then
    return redis.call('DEL', KEYS[1])
  end
  return 0
end
local hash = redis.call('HMGET', KEYS[1], 'status', 'token')
if hash[1] == 'IN_PROGRESS' and hash[2] and spelled(hash[2]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
