-- Takes a batch of a room's archive stream for one archiver (a node) to write to the database:
-- its own pending entries first (a batch it took before and did not finish), else pending
-- entries of other archivers idle for at least the claim time (a node that died, or is stuck,
-- after taking them: they become this archiver's), else entries no archiver has taken yet.
--
-- KEYS: the room's archive stream ({room:NAME}:archive).
-- ARGV: the consumer group, this archiver's name, the most entries to take, the claim time in ms.
-- Returns the entries as XRANGE gives them ({id, {field, value, ...}}); none if there is no stream.
local stream = KEYS[1]
local group, consumer, count, idle = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('EXISTS', stream) == 0 then
  return {}
end

-- The append script makes the group with the stream; should it be missing all the same, it
-- starts at the stream's beginning, so every entry is still taken.
local made = false
for _, g in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
  for i = 1, #g, 2 do
    if g[i] == 'name' and g[i + 1] == group then
      made = true
    end
  end
end
if not made then
  redis.call('XGROUP', 'CREATE', stream, group, '0')
end

-- Entries whose content is gone (none: done.lua acknowledges and deletes together) are left out.
local function present(entries)
  local out = {}
  for _, e in ipairs(entries) do
    if e[2] then
      out[#out + 1] = e
    end
  end
  return out
end

local function read(from)
  local reply = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, from)
  if not reply then
    return {}
  end
  return present(reply[1][2])
end

local own = read('0')
if #own > 0 then
  return own
end
local claimed = present(redis.call('XAUTOCLAIM', stream, group, consumer, idle, '0-0', 'COUNT', count)[2])
if #claimed > 0 then
  return claimed
end
return read('>')
