-- Appends one message to a room, atomically: the cid check, the sequence, the stream, its
-- retention, the cid memory, the expiry and the publish happen together or not at all (Redis
-- runs a script alone).
--
-- KEYS: the room's meta hash (epoch, run, seq, bytes), stream, cid hash, cid order list, archive
--       stream; all of one room share the hash tag {room:NAME}, so in Redis Cluster they live on
--       one shard.
-- ARGV: a fresh random epoch (used only if a new epoch starts), the history size, the history
--       bytes, how many cids to remember, the cid key ('' for none), the message's fields
--       (JSON), the channel, the room's idle time in ms ('0': its keys never expire), whether
--       the message is archived ('off'; 'on'; 'registered': on, and the room was registered in
--       the archive's registry right before this call), the archivers' consumer group.
-- Returns {0, "EPOCH SEQ TIMESTAMP"} for a stored message; {1, the earlier "EPOCH SEQ TIMESTAMP",
-- its fields ('' if the stream no longer holds it)} for a duplicate; {2} if nothing was stored
-- because the room must be registered first (see below).
local meta, log, cids, order, archive = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local candidate, maxlen, maxbytes = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local memory, cid, fields, channel, idle = tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local archiving, group = ARGV[9] or 'off', ARGV[10] -- a caller that names no archive has none

-- The value of one field of a stream entry as XRANGE gives it: {id, {name, value, ...}}.
local function field(entry, name)
  local kv = entry[2]
  for i = 1, #kv, 2 do
    if kv[i] == name then
      return kv[i + 1]
    end
  end
  return ''
end

-- A message re-sent with a cid already stored is answered with the earlier entry: nothing is
-- stored or published again. Its fields come from the stream, if the entry of that seq there
-- is the one of that epoch (not trimmed, not lost).
if cid ~= '' then
  local earlier = redis.call('HGET', cids, cid)
  if earlier then
    local epoch, seq = string.match(earlier, '^(%S+) (%d+)')
    local found = redis.call('XRANGE', log, '0-' .. seq, '0-' .. seq)[1]
    local stored = ''
    if found and field(found, 'e') == epoch then
      stored = field(found, 'f')
    end
    return {1, earlier, stored}
  end
end

-- With an archive, each message also goes to the room's archive stream, never trimmed, whose
-- consumer group (the archivers of every node) writes it to the database and deletes it. The
-- archivers find a room's stream through the registry, so a stream must only exist for a
-- registered room: it is made (with its group) only by an append that registered the room just
-- before; any other append to a room without one stores nothing and asks to register first.
-- An archiver deletes a stream only once it is empty, and then unregisters the room only if no
-- node registered it for a long grace time (see Archiver).
if archiving ~= 'off' and redis.call('EXISTS', archive) == 0 then
  if archiving ~= 'registered' then
    return {2}
  end
  redis.call('XGROUP', 'CREATE', archive, group, '0', 'MKSTREAM')
end

-- The epoch: ids are (epoch, seq), so ids never repeat as long as a seq can only repeat within a
-- new epoch. A seq can repeat when Redis lost writes: restarted empty, or from a snapshot or
-- append-only file older than its last writes. Both need a restart, which changes the server's
-- run_id; so the epoch is renewed whenever the run_id that began it is not the server's now, and
-- when the room has none (new, or lost with everything else). A restart that lost nothing renews
-- it too: harmless, as each entry keeps the epoch it was stored in.
local run = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
local state = redis.call('HMGET', meta, 'epoch', 'run')
local epoch = state[1]
if not epoch then
  -- The sequence goes on after whatever the stream still holds, so stream ids only grow; the
  -- byte count starts from what it holds.
  local held = redis.call('XRANGE', log, '-', '+')
  local base, bytes = 0, 0
  if #held > 0 then
    base = tonumber(string.match(held[#held][1], '^0%-(%d+)$'))
  end
  for _, entry in ipairs(held) do
    bytes = bytes + #field(entry, 'f')
  end
  redis.call('HSET', meta, 'seq', base, 'bytes', bytes)
end
if not epoch or state[2] ~= run then
  epoch = candidate
  redis.call('HSET', meta, 'epoch', epoch, 'run', run)
end

local seq = string.format('%d', redis.call('HINCRBY', meta, 'seq', 1))
local now = redis.call('TIME')
local ts = string.format('%d', now[1] * 1000 + math.floor(now[2] / 1000))
local entry = epoch .. ' ' .. seq .. ' ' .. ts

-- The stream id is 0-SEQ, so reading after or before a seq is a plain range.
redis.call('XADD', log, '0-' .. seq, 'e', epoch, 't', ts, 'f', fields)
-- The archive entry's id is Redis' (ms-counter, always growing within the stream, and after it
-- is made again from Redis' clock): the message's place in the room's order in the database.
if archiving ~= 'off' then
  redis.call('XADD', archive, '*', 'e', epoch, 'q', seq, 't', ts, 'f', fields)
end

-- Retention, exact: the oldest entries go while the room holds more than the history size, or
-- more than the history bytes (each entry counted by the bytes of its fields) and more than one
-- entry (the newest always stays). Usually that is the one oldest entry, or none.
local len = redis.call('XLEN', log)
local bytes = redis.call('HINCRBY', meta, 'bytes', #fields)
local function over(n, b)
  return n > maxlen or (b > maxbytes and n > 1)
end
if over(len, bytes) then
  local n, b, from = len, bytes, '-'
  while over(n, b) do
    local oldest = redis.call('XRANGE', log, from, '+', 'COUNT', 32)
    if #oldest == 0 then
      break
    end
    for _, old in ipairs(oldest) do
      if not over(n, b) then
        break
      end
      n = n - 1
      b = b - #field(old, 'f')
      from = '(' .. old[1]
    end
  end
  redis.call('XTRIM', log, 'MAXLEN', n)
  redis.call('HSET', meta, 'bytes', string.format('%d', b))
end

-- The cid memory is bounded in count: the oldest cid is forgotten when a new one is over it.
if cid ~= '' then
  redis.call('HSET', cids, cid, entry)
  if redis.call('RPUSH', order, cid) > memory then
    redis.call('HDEL', cids, redis.call('LPOP', order))
  end
end

-- A room's keys go together once it has had no message (and no node kept it alive, see
-- read.lua) for its idle time.
-- Not the archive stream: what waits there must stay until it is archived.
if idle ~= '0' then
  for i = 1, 4 do
    redis.call('PEXPIRE', KEYS[i], idle)
  end
end

redis.call('PUBLISH', channel, entry .. ' ' .. fields)
return {0, entry}
