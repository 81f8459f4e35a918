-- Changes one room's roster, atomically, and tells every node what changed: each change that
-- other nodes must show (a join, a leave, a rename of a present member) bumps the room's roster
-- version by one and is published with it, so a node that sees a version jump knows it missed
-- something and reads the roster again.
--
-- KEYS: the room's seats hash (seat key -> "node \t state \t nick \t nick key", state p|h),
--       nicks hash (nick key -> its holder: one holder per nick, compared as the nick key the
--       caller made, e.g. lower case), meta hash (run, version), users hash (user tag -> "count
--       \t nick \t nick key"), secrets hash (digest of a seat's resume secret -> the seat, and
--       "=" seat -> its digest: the secret itself is never stored). All share the hash tag {room:NAME}.
-- A seat key "@TAG.REST" is a seat of the user TAG (a user with an identity: see SeatKeys); a
-- user has a seat on each node it is on, and those seats are one member with one nick. The
-- holder of a nick is a seat key, or the user tag for a user's nick; the users hash counts each
-- user's seats (present or held) and names its nick, which is the user's while the count is
-- above zero. Every other seat key is a seat of its own.
-- ARGV: the channel, this node's id, the operation, its arguments:
--   claim  SEAT NICK KEY [NICK KEY ...]   the first free nick for a new, present seat; false if none.
--                                         A user's seat takes its user's nick if it has one.
--   rename SEAT NICK KEY [NICK KEY ...]   the same for a seat that has a nick (the old one is freed);
--                                         a user's seat keeps its user's nick
--   state  SEAT p|h                       the seat's member is present, or gone while the seat is held
--   release SEAT                          the seat is gone
--   sync   [SEAT NICK KEY STATE ...]      every seat this node has in the room: others of its own go
--   evict  NODE [NODE ...]                every seat of these (dead) nodes goes
--   secret SEAT DIGEST                    the seat's resume secret is now the one of this digest
--   resume SEAT DIGEST                    the seat of another node that the secret opens moves here,
--                                         present, with its nick, as the new seat SEAT; returns
--                                         {nick, its state before: p|h}, or {} if it opens none
-- Published, for each seat: "RUN \t VERSION \t NODE \t join|leave \t NICK" or "... \t rename \t
-- OLD \t NEW", or "... \t resume \t NICK \t OLD NODE \t OLD STATE \t OLD SEAT" (a seat moved to
-- NODE by a resume: its old node drops it, the others see its nick stay or, if it was held,
-- come back), NODE being the node whose seat it is; RUN is Redis' run_id, because a restart may
-- bring back an older version (older snapshot). A user's seats are told of one by one: the
-- nodes count a nick named by several as one member.
local seats, nicks, meta, users, secrets = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local channel, node, op = ARGV[1], ARGV[2], ARGV[3]
local run = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')

-- owner: the node whose seat changed (not always this one: see evict).
local function publish(owner, ...)
  if redis.call('HGET', meta, 'run') ~= run then
    redis.call('HSET', meta, 'run', run)
  end
  local version = redis.call('HINCRBY', meta, 'version', 1)
  redis.call('PUBLISH', channel, table.concat({run, version, owner, ...}, '\t'))
end

-- The user tag of a seat key, or nil for a seat without a user.
local function user_of(seat)
  return string.match(seat, '^(@[^.\t]+)%.')
end

-- Who holds the nicks of a seat: its user, or the seat itself.
local function holder(seat)
  return user_of(seat) or seat
end

local function entry(seat)
  local raw = redis.call('HGET', seats, seat)
  if not raw then
    return nil
  end
  local node_, state, nick, key = string.match(raw, '^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$')
  return {node = node_, state = state, nick = nick, key = key}
end

-- A user's seats (count) and nick, or nil if it has no seat here.
local function user(tag)
  local raw = tag and redis.call('HGET', users, tag)
  if not raw then
    return nil
  end
  local count, nick, key = string.match(raw, '^(%d+)\t([^\t]*)\t(.*)$')
  return {count = tonumber(count), nick = nick, key = key}
end

local function count_user(tag, count, nick, key)
  if count > 0 then
    redis.call('HSET', users, tag, count .. '\t' .. nick .. '\t' .. key)
  else
    redis.call('HDEL', users, tag)
  end
end

-- Stores a seat; a new seat of a user counts as one more of the user's, under the user's nick
-- (which the caller has checked is this one, if the user has one already).
local function put(seat, owner, state, nick, key)
  local tag = user_of(seat)
  if tag and redis.call('HEXISTS', seats, seat) == 0 then
    local u = user(tag)
    count_user(tag, (u and u.count or 0) + 1, nick, key)
  end
  redis.call('HSET', seats, seat, owner .. '\t' .. state .. '\t' .. nick .. '\t' .. key)
  redis.call('HSET', nicks, key, holder(seat))
end

-- Forgets a seat's resume secret, if it has one.
local function forget_secret(seat)
  local digest = redis.call('HGET', secrets, '=' .. seat)
  if digest then
    redis.call('HDEL', secrets, digest, '=' .. seat)
  end
end

-- Removes a seat; its nick is free unless it is a user's that has other seats left.
local function drop(seat, e)
  redis.call('HDEL', seats, seat)
  forget_secret(seat)
  local tag = user_of(seat)
  local u = user(tag)
  local kept = false
  if u then
    count_user(tag, u.count - 1, u.nick, u.key)
    kept = u.count > 1 and u.key == e.key
  end
  if not kept and redis.call('HGET', nicks, e.key) == holder(seat) then
    redis.call('HDEL', nicks, e.key)
  end
  if e.state == 'p' then
    publish(e.node, 'leave', e.nick)
  end
end

local function free(key, seat)
  local owner = redis.call('HGET', nicks, key)
  return (not owner) or owner == seat or owner == user_of(seat)
end

if op == 'claim' or op == 'rename' then
  local seat = ARGV[4]
  local old = entry(seat)
  local u = user(user_of(seat))
  if u then
    if old then
      return old.nick -- a user's seat keeps its user's nick
    end
    put(seat, node, 'p', u.nick, u.key)
    publish(node, 'join', u.nick)
    return u.nick
  end
  for i = 5, #ARGV, 2 do
    local nick, key = ARGV[i], ARGV[i + 1]
    if free(key, seat) then
      if old and old.key ~= key and redis.call('HGET', nicks, old.key) == seat then
        redis.call('HDEL', nicks, old.key)
      end
      local state = old and old.state or 'p'
      put(seat, node, state, nick, key)
      if not old then
        publish(node, 'join', nick)
      elseif old.nick ~= nick and state == 'p' then
        publish(node, 'rename', old.nick, nick)
      end
      return nick
    end
  end
  return false
elseif op == 'state' then
  local seat, state = ARGV[4], ARGV[5]
  local e = entry(seat)
  if e and e.state ~= state then
    put(seat, e.node, state, e.nick, e.key)
    publish(e.node, state == 'p' and 'join' or 'leave', e.nick)
  end
  return 1
elseif op == 'release' then
  local e = entry(ARGV[4])
  if e then
    drop(ARGV[4], e)
  end
  return 1
elseif op == 'sync' then
  local listed, conflicts = {}, 0
  for i = 4, #ARGV, 4 do
    listed[ARGV[i]] = true
  end
  local all = redis.call('HGETALL', seats)
  for i = 1, #all, 2 do
    if not listed[all[i]] then
      local e = entry(all[i])
      if e.node == node then
        drop(all[i], e)
      end
    end
  end
  for i = 4, #ARGV, 4 do
    local seat, nick, key, state = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
    local e = entry(seat)
    if e and e.key ~= key then
      drop(seat, e) -- renamed here while the roster was out of reach: it comes back below
      e = nil
    end
    local u = user(user_of(seat))
    if e then
      if e.state ~= state then
        put(seat, node, state, e.nick, e.key)
        publish(e.node, state == 'p' and 'join' or 'leave', e.nick)
      end
    elseif free(key, seat) and not (u and u.key ~= key) then
      put(seat, node, state, nick, key)
      if state == 'p' then
        publish(node, 'join', nick)
      end
    else
      conflicts = conflicts + 1 -- its nick is another's now, or its user's seats have another
    end
  end
  return conflicts
elseif op == 'evict' then
  local dead, gone = {}, 0
  for i = 4, #ARGV do
    dead[ARGV[i]] = true
  end
  local all = redis.call('HGETALL', seats)
  for i = 1, #all, 2 do
    local e = entry(all[i])
    if dead[e.node] then
      drop(all[i], e)
      gone = gone + 1
    end
  end
  return gone
elseif op == 'secret' then
  local seat, digest = ARGV[4], ARGV[5]
  if redis.call('HEXISTS', seats, seat) == 1 then
    forget_secret(seat)
    redis.call('HSET', secrets, digest, seat, '=' .. seat, digest)
  end
  return 1
elseif op == 'resume' then
  -- Only a seat without a user (a user's seats are found by its id, on every node), and only
  -- another node's: this node knows its own seats' secrets. The secret opens it once.
  local seat, digest = ARGV[4], ARGV[5]
  local old = redis.call('HGET', secrets, digest)
  local e = old and entry(old)
  if not e or e.node == node or user_of(old) or user_of(seat) then
    return {}
  end
  redis.call('HDEL', seats, old)
  forget_secret(old)
  put(seat, node, 'p', e.nick, e.key)
  publish(node, 'resume', e.nick, e.node, e.state, old)
  return {e.nick, e.state}
end
return redis.error_reply('unknown roster operation ' .. tostring(op))
