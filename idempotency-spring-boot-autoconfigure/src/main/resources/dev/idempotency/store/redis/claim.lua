-- The first step of a batch of claims: SET ... NX PX ... GET of each key, in one call.
-- KEYS record keys; ARGV[1] lease in ms, ARGV[i + 1] the in-progress record to write under KEYS[i],
-- or ARGV[2] alone, written under every key.
-- Answers, for each key, the record found instead of writing (nil when the claim was written), or
-- 'WRONGTYPE' for a key SET refused: a hash, the record format of earlier versions.
local found = {}
for i, key in ipairs(KEYS) do
  local record = redis.pcall('SET', key, ARGV[i + 1] or ARGV[2], 'NX', 'PX', ARGV[1], 'GET')
  if type(record) == 'table' then
    if not string.find(record.err, 'WRONGTYPE', 1, true) then
      return redis.error_reply(record.err)
    end
    record = 'WRONGTYPE'
  end
  found[i] = record
end
return found
