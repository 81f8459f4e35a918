-- Appends one message to a room, atomically: the cid check, the sequence, the stream, the cid
-- memory and the publish happen together or not at all (Redis runs a script alone).
--
-- KEYS: the room's meta hash (epoch, run, seq), stream, cid hash, cid order list; all of one
--       room share the hash tag {room:NAME}, so in Redis Cluster they live on one shard.
-- ARGV: a fresh random epoch (used only if a new epoch starts), the history size, how many cids
--       to remember, the cid key ('' for none), the message's fields (JSON), the channel.
-- Returns {duplicate (0 or 1), "EPOCH SEQ TIMESTAMP"}.
local meta, log, cids, order = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local candidate, maxlen, memory = ARGV[1], ARGV[2], tonumber(ARGV[3])
local cid, fields, channel = ARGV[4], ARGV[5], ARGV[6]

-- A message re-sent with a cid already stored is answered with the earlier entry: nothing is
-- stored or published again.
if cid ~= '' then
  local earlier = redis.call('HGET', cids, cid)
  if earlier then
    return {1, earlier}
  end
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
  -- The sequence goes on after whatever the stream still holds, so stream ids only grow.
  local last = redis.call('XREVRANGE', log, '+', '-', 'COUNT', 1)[1]
  local base = last and tonumber(string.match(last[1], '^0%-(%d+)$')) or 0
  redis.call('HSET', meta, 'seq', base)
end
if not epoch or state[2] ~= run then
  epoch = candidate
  redis.call('HSET', meta, 'epoch', epoch, 'run', run)
end

local seq = string.format('%d', redis.call('HINCRBY', meta, 'seq', 1))
local now = redis.call('TIME')
local ts = string.format('%d', now[1] * 1000 + math.floor(now[2] / 1000))
local entry = epoch .. ' ' .. seq .. ' ' .. ts

-- The stream id is 0-SEQ, so reading after or before a seq is a plain range. MAXLEN is exact
-- (not ~), so a room keeps exactly its history size, like the memory engine; past the cap each
-- append removes one entry, which costs little.
redis.call('XADD', log, 'MAXLEN', maxlen, '0-' .. seq, 'e', epoch, 't', ts, 'f', fields)

-- The cid memory is bounded in count: the oldest cid is forgotten when a new one is over it.
if cid ~= '' then
  redis.call('HSET', cids, cid, entry)
  if redis.call('RPUSH', order, cid) > memory then
    redis.call('HDEL', cids, redis.call('LPOP', order))
  end
end

redis.call('PUBLISH', channel, entry .. ' ' .. fields)
return {0, entry}
