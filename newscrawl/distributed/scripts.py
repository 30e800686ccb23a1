"""The Lua scripts that make each step of the shared crawl atomic in Redis.

Redis runs a script as one command: no other client sees a half-done step, and a worker killed
while sending one leaves either nothing or all of it done. Every script takes the crawl's key
prefix (``newscrawl:<crawl>:``) and a worker id in ``ARGV``; the keys are listed in
docs/distributed.md ("Redis keys").
"""

from __future__ import annotations

_EVICT = """
local function evict(p, w)
  redis.call('SADD', p..'evicted', w)
  redis.call('SREM', p..'busy', w)
  local taken = p..'taken:'..w
  local requeued = redis.call('ZCARD', taken)
  if requeued > 0 then
    redis.call('ZUNIONSTORE', p..'requests', 2, p..'requests', taken, 'AGGREGATE', 'MIN')
    redis.call('DEL', taken)
  end
  local released = 0
  for _, id in ipairs(redis.call('SMEMBERS', p..'claimed:'..w)) do
    if redis.call('HGET', p..'claims', id) == w then
      redis.call('HDEL', p..'claims', id)
      released = released + 1
    end
  end
  redis.call('DEL', p..'claimed:'..w)
  if redis.call('GET', p..'seeder') == w and redis.call('EXISTS', p..'seeded') == 0 then
    redis.call('DEL', p..'seeder')
  end
  if redis.call('GET', p..'gap_pass') == w then
    redis.call('DEL', p..'gap_pass')
  end
  return {requeued, released}
end
"""

_ALL_SETTLED = """
local function all_settled(p)
  if redis.call('EXISTS', p..'seeded') == 0 then return false end
  if redis.call('ZCARD', p..'requests') > 0 or redis.call('SCARD', p..'busy') > 0 then
    return false
  end
  for _, w in ipairs(redis.call('SMEMBERS', p..'workers')) do
    if redis.call('SISMEMBER', p..'committed', w) == 0
        and redis.call('SISMEMBER', p..'evicted', w) == 0 then
      return false
    end
  end
  return true
end
"""

ENQUEUE = """
-- KEYS: dupefilter, requests. ARGV: fingerprint, score, request, dont_filter ('0'/'1').
-- Adds the fingerprint and pushes the request, both or neither (scrapy-redis: two commands).
if ARGV[4] == '0' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

POP = """
-- ARGV: prefix, worker. The highest-priority request moves from the queue to taken:<worker>
-- (scrapy-redis deletes it) and the worker becomes busy.
local p, w = ARGV[1], ARGV[2]
if redis.call('SISMEMBER', p..'evicted', w) == 1 then return false end
local top = redis.call('ZRANGE', p..'requests', 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', p..'requests', top[1])
redis.call('ZADD', p..'taken:'..w, top[2], top[1])
redis.call('SADD', p..'busy', w)
return top[1]
"""

RENEW = """
-- ARGV: prefix, worker, lease in ms. Joins the crawl on first call; renews the lease after.
local p, w = ARGV[1], ARGV[2]
if redis.call('SISMEMBER', p..'evicted', w) == 1 then return 'evicted' end
if redis.call('SISMEMBER', p..'committed', w) == 1 then return 'committed' end
redis.call('SADD', p..'workers', w)
redis.call('SET', p..'alive:'..w, '1', 'PX', ARGV[3])
return 'alive'
"""

SEED = """
-- ARGV: prefix, worker, plan. The first worker to arrive becomes the seeder (set-if-absent);
-- later ones wait for 'seeded' or take over from a seeder that was evicted before finishing.
local p, w, plan = ARGV[1], ARGV[2], ARGV[3]
if redis.call('SISMEMBER', p..'evicted', w) == 1 then return {'evicted', ''} end
local current = redis.call('GET', p..'plan')
if current and current ~= plan then return {'mismatch', current} end
if redis.call('EXISTS', p..'seeded') == 1 then return {'seeded', ''} end
local seeder = redis.call('GET', p..'seeder')
if seeder and seeder ~= w then return {'wait', seeder} end
redis.call('SET', p..'seeder', w)
redis.call('SET', p..'plan', plan)
return {'seed', w}
"""

SEEDED = """
-- ARGV: prefix, worker. Every start request of the seeder is in the queue.
local p, w = ARGV[1], ARGV[2]
if redis.call('GET', p..'seeder') ~= w then return 0 end
redis.call('SET', p..'seeded', w)
return 1
"""

CLAIM = """
-- ARGV: prefix, worker, news id. The first worker to claim an id exports it: returns
-- {1, worker} to it, {0, owner} to any other, {-1, ''} to an evicted worker.
local p, w, id = ARGV[1], ARGV[2], ARGV[3]
if redis.call('SISMEMBER', p..'evicted', w) == 1 then return {-1, ''} end
local owner = redis.call('HGET', p..'claims', id)
if not owner then
  redis.call('HSET', p..'claims', id, w)
  redis.call('SADD', p..'claimed:'..w, id)
  return {1, w}
end
if owner == w then return {1, w} end
return {0, owner}
"""

TICK = (
    _EVICT
    + """
-- ARGV: prefix, worker, idle ('0'/'1'). Evicts every worker whose lease expired; an idle
-- caller is no longer busy. Returns {state, evicted, requeued, released}; state is 'drained'
-- (nothing queued or busy, seeding and gap pass done), 'gap_pass' (to the one idle worker that
-- must run it), 'evicted' (the caller) or 'working'.
local p, me, idle = ARGV[1], ARGV[2], ARGV[3]
if redis.call('SISMEMBER', p..'evicted', me) == 1 then return {'evicted', 0, 0, 0} end
local evicted, requeued, released = 0, 0, 0
for _, w in ipairs(redis.call('SMEMBERS', p..'workers')) do
  if redis.call('SISMEMBER', p..'committed', w) == 0
      and redis.call('SISMEMBER', p..'evicted', w) == 0
      and redis.call('EXISTS', p..'alive:'..w) == 0 then
    local counts = evict(p, w)
    evicted = evicted + 1
    requeued = requeued + counts[1]
    released = released + counts[2]
  end
end
if idle == '1' then redis.call('SREM', p..'busy', me) end
local state = 'working'
if redis.call('EXISTS', p..'seeded') == 1 and redis.call('ZCARD', p..'requests') == 0
    and redis.call('SCARD', p..'busy') == 0 then
  local gap = redis.call('GET', p..'gap_pass')
  if gap == 'done' then
    state = 'drained'
  elseif not gap and idle == '1' then
    redis.call('SET', p..'gap_pass', me)
    state = 'gap_pass'
  end
end
return {state, evicted, requeued, released}
"""
)

GAP_PASS_DONE = """
-- ARGV: prefix, worker.
local p, w = ARGV[1], ARGV[2]
if redis.call('GET', p..'gap_pass') ~= w then return 0 end
redis.call('SET', p..'gap_pass', 'done')
return 1
"""

COMMIT = (
    _ALL_SETTLED
    + """
-- ARGV: prefix, worker, seen-set key, requeue ('0'/'1'), commit-record key, its time to live (s).
-- Once the worker's feed is published, its claims become final and its ids join the seen-set;
-- the requests it took are dropped (drained) or, with requeue (stopped early), given back; the
-- commit record says so to the worker's next run. Returns {'evicted', 0}, or
-- {'complete' | 'committed', ids}: 'complete' when nothing is left to do and every worker has
-- committed or was evicted.
local p, w, seen, requeue = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('SISMEMBER', p..'evicted', w) == 1 then return {'evicted', 0} end
local taken = p..'taken:'..w
if requeue == '1' and redis.call('ZCARD', taken) > 0 then
  redis.call('ZUNIONSTORE', p..'requests', 2, p..'requests', taken, 'AGGREGATE', 'MIN')
end
redis.call('DEL', taken, p..'alive:'..w)
redis.call('SREM', p..'busy', w)
redis.call('SADD', p..'workers', w)
redis.call('SADD', p..'committed', w)
local ids = redis.call('SMEMBERS', p..'claimed:'..w)
for i = 1, #ids, 1000 do
  redis.call('SADD', seen, unpack(ids, i, math.min(i + 999, #ids)))
end
redis.call('DEL', p..'claimed:'..w)
redis.call('SET', ARGV[5], p, 'EX', ARGV[6])
if all_settled(p) then return {'complete', #ids} end
return {'committed', #ids}
"""
)

FINISH = (
    _ALL_SETTLED
    + """
-- ARGV: prefix, finished-record key, its time to live (s), completion time. Deletes every key
-- of a completed crawl in one step (a worker arriving now starts a new crawl of the same name)
-- and keeps the totals as the finished record. Returns 0 if the crawl is not complete.
local p, finished = ARGV[1], ARGV[2]
if not all_settled(p) then return 0 end
redis.call('DEL', finished)
if redis.call('EXISTS', p..'stats') == 1 then redis.call('RENAME', p..'stats', finished) end
redis.call('HSET', finished, 'completed_at', ARGV[4],
  'workers', redis.call('SCARD', p..'workers'), 'evicted', redis.call('SCARD', p..'evicted'))
redis.call('EXPIRE', finished, ARGV[3])
for _, w in ipairs(redis.call('SMEMBERS', p..'workers')) do
  redis.call('DEL', p..'taken:'..w, p..'claimed:'..w, p..'alive:'..w)
end
for _, name in ipairs({'requests', 'dupefilter', 'workers', 'busy', 'committed', 'evicted',
    'claims', 'handled', 'failed', 'not_found', 'absent', 'planned', 'walk', 'seeder', 'seeded',
    'plan', 'gap_pass'}) do
  redis.call('DEL', p..name)
end
return 1
"""
)
