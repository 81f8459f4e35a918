-- Reads one room's roster with its position, in one atomic step: Redis' run_id now, the
-- version of the last change, and every seat ("node \t state \t nick \t nick key"). A node that
-- applies the changes published after this version, and only those, stays exact.
--
-- KEYS: the room's seats hash, meta hash (see roster.lua).
local seats, meta = KEYS[1], KEYS[2]
local run = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
return {run, redis.call('HGET', meta, 'version') or '0', redis.call('HVALS', seats)}
