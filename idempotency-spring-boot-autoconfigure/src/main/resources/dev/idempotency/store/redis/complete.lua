-- KEYS[1] record key; ARGV[1] owner token as records spell it, ARGV[2] ttl in ms, ARGV[3] result
-- (optional). The fingerprint stays; a hash record of earlier versions stays a hash.
local function spelled(value)
  return (string.gsub(value, '[%%|]', {['%'] = '%25', ['|'] = '%7C'}))
end
local record = redis.pcall('GET', KEYS[1])
if type(record) ~= 'table' then
  local claimed = 'IN_PROGRESS|' .. ARGV[1] .. '|'
  if not record or string.sub(record, 1, #claimed) ~= claimed then
    return 0
  end
  local completed = 'COMPLETED||' .. string.sub(record, #claimed + 1)
  if ARGV[3] then
    completed = completed .. '|' .. ARGV[3]
  end
  redis.call('SET', KEYS[1], completed, 'PX', ARGV[2])
  return 1
end
local hash = redis.call('HMGET', KEYS[1], 'status', 'token')
if hash[1] ~= 'IN_PROGRESS' or not hash[2] or spelled(hash[2]) ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'COMPLETED')
redis.call('HDEL', KEYS[1], 'token')
if ARGV[3] then
  redis.call('HSET', KEYS[1], 'result', ARGV[3])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
