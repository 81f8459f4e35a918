-- Reads part of a room's stream together with the room's position, in one atomic step, so the
-- position is exactly the one the entries were read at.
--
-- KEYS: the room's meta hash, stream, cid hash, cid order list.
-- ARGV: 'after' | 'before' | 'latest', a seq, a count, and an idle time in ms: '0', or the time
--       the room's keys live from now on (a node that holds the room open keeps it alive).
-- Returns {epoch ('' if the room has none), last seq, entries as XRANGE gives them, the epoch of
-- the entry with that seq ('' if the stream holds none)}; 'before' and 'latest' give the
-- entries newest first.
local meta, log = KEYS[1], KEYS[2]
local mode, seq, count, idle = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
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

-- Whether the id a reader read after or before is still stored: the entry of that seq, and
-- which epoch it was stored in (an id of another epoch is another message).
local anchor = ''
if mode ~= 'latest' and tonumber(seq) > 0 then
  local found = redis.call('XRANGE', log, '0-' .. seq, '0-' .. seq)[1]
  if found then
    local kv = found[2]
    for i = 1, #kv, 2 do
      if kv[i] == 'e' then
        anchor = kv[i + 1]
      end
    end
  end
end

if idle ~= '0' then
  for _, key in ipairs(KEYS) do
    redis.call('PEXPIRE', key, idle)
  end
end
return {state[1] or '', state[2] or '0', entries, anchor}
