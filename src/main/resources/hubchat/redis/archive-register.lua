-- Registers a room in the archive's registry of rooms, scored with Redis' time now (ms), so
-- that every node's archiver finds its archive stream, also once no node has the room open.
--
-- KEYS: the registry (a sorted set). ARGV: the room.
local now = redis.call('TIME')
redis.call('ZADD', KEYS[1], string.format('%d', now[1] * 1000 + math.floor(now[2] / 1000)), ARGV[1])
return 1
