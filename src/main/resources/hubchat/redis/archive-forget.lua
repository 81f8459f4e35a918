-- Deletes a room's archive stream (and its group) if it holds nothing: no entry waits to be
-- archived. The next append to the room makes it again, after registering the room anew.
--
-- KEYS: the room's archive stream. ARGV: the consumer group.
-- Returns 1 if the stream is gone (deleted now, or never there), 0 if entries wait in it.
local stream, group = KEYS[1], ARGV[1]
if redis.call('EXISTS', stream) == 0 then
  return 1
end
if redis.call('XLEN', stream) > 0 then
  return 0
end
local pending = redis.pcall('XPENDING', stream, group)
if type(pending) == 'table' and not pending.err and pending[1] > 0 then
  return 0
end
redis.call('DEL', stream)
return 1
