-- Removes a room from the archive's registry if no node registered it for the grace time: see
-- Archiver for why that, after its archive stream was found empty and deleted, loses nothing.
--
-- KEYS: the registry. ARGV: the room, the grace time in ms.
-- Returns 1 if it was removed.
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then
  return 0
end
local now = redis.call('TIME')
if tonumber(score) < now[1] * 1000 + math.floor(now[2] / 1000) - tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0
