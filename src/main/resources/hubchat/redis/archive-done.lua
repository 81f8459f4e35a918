-- Entries of a room's archive stream that the database has committed: acknowledged and deleted
-- together, so an entry is either waiting (pending or new) or gone, and its memory is freed.
--
-- KEYS: the room's archive stream. ARGV: the consumer group, then the entry ids.
-- Returns how many entries were deleted.
local stream, group = KEYS[1], ARGV[1]
local ids = {}
for i = 2, #ARGV do
  ids[#ids + 1] = ARGV[i]
end
if #ids == 0 then
  return 0
end
redis.call('XACK', stream, group, unpack(ids))
return redis.call('XDEL', stream, unpack(ids))
