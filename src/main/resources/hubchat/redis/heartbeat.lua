-- A node says it is alive: its key lives for ARGV[1] milliseconds more. Returns Redis' run_id
-- and whether the key was still there: a new run_id, or a key that was gone while the node
-- lived, means Redis lost what the node had registered, so the node registers it again.
local run = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
local existed = redis.call('EXISTS', KEYS[1])
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return {run, existed}
