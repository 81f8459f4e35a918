-- Reads part of a room's stream together with the room's position, in one atomic step, so the
-- position is exactly the one the entries were read at.
--
-- KEYS: the room's meta hash, stream. ARGV: 'after' | 'before' | 'latest', a seq, a count.
-- Returns {epoch ('' if the room has none), last seq, entries as XRANGE gives them}; 'before'
-- and 'latest' give the entries newest first.
local meta, log = KEYS[1], KEYS[2]
local mode, seq, count = ARGV[1], ARGV[2], ARGV[3]
local state = redis.call('HMGET', meta, 'epoch', 'seq')
local entries
if mode == 'after' then
  entries = redis.call('XRANGE', log, '(0-' .. seq, '+', 'COUNT', count)
elseif mode == 'before' then
  -- '(0-0' is no id: there is nothing before seq 1 anyway.
  if tonumber(seq) <= 1 then
    entries = {}
  else
    entries = redis.call('XREVRANGE', log, '(0-' .. seq, '-', 'COUNT', count)
  end
else
  entries = redis.call('XREVRANGE', log, '+', '-', 'COUNT', count)
end
return {state[1] or '', state[2] or '0', entries}
