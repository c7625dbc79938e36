-- KEYS[1] record key; ARGV[1] the caller's owner token, ARGV[2] lease in ms, ARGV[3] fingerprint
-- (optional). A lapsed lease or ttl has already expired the key, so absent means free; a live
-- claim under the caller's own token (its earlier answer was lost) is the caller's again.
-- Returns the status, then for a live record its result and fingerprint (nil when not stored).
local record = redis.call('HMGET', KEYS[1], 'status', 'result', 'fingerprint', 'token')
if not record[1] or (record[1] == 'IN_PROGRESS' and record[4] == ARGV[1]) then
  redis.call('HSET', KEYS[1], 'status', 'IN_PROGRESS', 'token', ARGV[1])
  if ARGV[3] then
    redis.call('HSET', KEYS[1], 'fingerprint', ARGV[3])
  end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'ACQUIRED'}
end
if record[1] == 'COMPLETED' then
  return {'DUPLICATE', record[2], record[3]}
end
return {'IN_PROGRESS', false, record[3]}
