"""Introduced on Day 26: sliding-window rate limiters on Redis — one limit for every app process.

    feed = FailOpen(RedisSlidingLog(redis, "feed", limit=20, window=1))
    login = FailClosed(RedisSlidingLog(redis, "login", limit=5, window=60))

    @app.get("/feed", dependencies=[Depends(rate_limit(feed, key=by_ip))])

Both strategies implement Day 25's :class:`shared.ratelimit.RateLimiter`, so the ``rate_limit``
dependency, the 429 problem and the RateLimit header fields are the same as in memory.

* :class:`RedisSlidingLog` — a sorted set per key holding one member per admitted request,
  scored by its time: exact ("at most N in *any* window of W seconds"), O(N) memory per key.
* :class:`RedisSlidingCounter` — two fixed-window counts, the previous one weighted by how much
  of it the sliding window still covers: O(1) memory, an approximation (see its docstring).
* :class:`FailOpen`, :class:`FailClosed` — what a limit does when Redis is down: let requests
  through uncounted (with a warning), or refuse them with 503.

**Atomic.** Each hit is ONE Lua script, sent as EVALSHA of its SHA1 (``register_script``; the
text is loaded again if the server answers NOSCRIPT, e.g. after a restart). Redis runs a script to
its end before any other command, so read–decide–write is one step for every client of every
process. A MULTI pipeline cannot do this: MULTI queues commands and runs them together, but none
of their replies exist until EXEC, so the decision ("is ZCARD under the limit?") has to be made
by the app between *two* round trips, and in that gap every other process reads the same count.

**The clock is Redis's.** By default the script reads ``TIME`` on the server, so every app
process (on every host) measures the window on one clock: no skew between app machines can
make an entry look older or newer than it is. Calling ``TIME`` (non-deterministic) before a
write in a script is allowed since Redis 5, where scripts replicate their *effects* (the
``ZADD`` with its concrete score) instead of the script text; Redis 7 only does that. Pass
``clock=`` (seconds) to use the app's clock instead: the tests do, to move time by hand.
"""

from __future__ import annotations

import itertools
import logging
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError
from redis.exceptions import TimeoutError as RedisTimeoutError

from shared.errors import ServiceUnavailable
from shared.ratelimit import Clock, Decision, Policy, RateLimiter

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger("course.ratelimit")

MICROS = 1_000_000

# KEYS[1]: the key's sorted set — one member per admitted unit, its score the time in µs.
# ARGV: limit, window (µs), cost, a token unique to this hit, and now (µs) from the app's
# clock — or nothing, to read the Redis server's TIME.
# Returns {admitted 0/1, count in the window, now, reset_after µs, retry_after µs}.
SLIDING_LOG_LUA = """
local limit, window, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now = tonumber(ARGV[5])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
-- The window is (now - window, now]: an entry exactly one window old has just left it.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local admitted = count + cost <= limit
if admitted then
  -- The token (ARGV[4]) makes the member unique; the time is there for whoever reads the
  -- set. Lua's own number-to-text (tostring, ..) keeps 14 digits and µs since 1970 has 16,
  -- so it is formatted by hand. (Scores are exact: redis.call passes numbers with 17.)
  local stamp = string.format('%.0f', now)
  for i = 1, cost do
    redis.call('ZADD', KEYS[1], now, stamp .. ':' .. ARGV[4] .. ':' .. i)
  end
  count = count + cost
  -- Nothing in the set outlives its newest entry by more than a window.
  redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
end
if admitted then
  -- The newest entry is this hit: the log is empty again one window from now.
  return {1, count, now, window, 0}
end
-- The hit fits once the oldest (count + cost - limit) entries have left the window.
local nth = count + cost - limit - 1
local entry = redis.call('ZRANGE', KEYS[1], nth, nth, 'WITHSCORES')
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
return {0, count, now, tonumber(newest[2]) + window - now, tonumber(entry[2]) + window - now}
"""

# KEYS[1]: a hash — i: the current fixed window's index, c: its count, p: the previous count.
# ARGV: limit, window (µs), cost, and now (µs) from the app's clock — or nothing, for TIME.
# Returns {admitted 0/1, remaining, now, reset_after µs, retry_after µs}.
SLIDING_COUNTER_LUA = """
local limit, window, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now = tonumber(ARGV[4])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local index = math.floor(now / window)
local state = redis.call('HMGET', KEYS[1], 'i', 'c', 'p')
local stored = tonumber(state[1])
local current, previous = tonumber(state[2]) or 0, tonumber(state[3]) or 0
if stored ~= index then
  -- A new fixed window: the current count becomes the previous one if it is just behind.
  if stored == index - 1 then previous = current else previous = 0 end
  current = 0
end
local elapsed = now - index * window
-- The share of the previous window the sliding window still covers, and the estimate that
-- assumes the previous window's hits were spread evenly across it.
local weight = (window - elapsed) / window
local estimate = previous * weight + current
local admitted = estimate + cost <= limit + 1e-9
if admitted then
  current = current + cost
  estimate = estimate + cost
  redis.call('HSET', KEYS[1], 'i', index, 'c', current, 'p', previous)
  -- This window's count is still needed, as the previous one, until the next window ends.
  redis.call('PEXPIRE', KEYS[1], math.ceil(2 * window / 1000))
end
local retry_after = 0
if not admitted then
  local room = limit - cost - current
  if room >= 0 and previous > 0 then
    -- Later in this window, once the previous window's weight has shrunk enough.
    retry_after = window * (1 - room / previous) - elapsed
  else
    -- Only in the next window, where this window's count is the one that shrinks.
    local wait = 0
    if current > limit - cost then wait = window * (1 - (limit - cost) / current) end
    retry_after = window - elapsed + wait
  end
end
local reset_after = 0
if current > 0 then reset_after = 2 * window - elapsed
elseif previous > 0 then reset_after = window - elapsed end
local remaining = math.max(0, math.floor(limit - estimate + 1e-9))
return {admitted and 1 or 0, remaining, now, math.ceil(reset_after), math.ceil(retry_after)}
"""


@dataclass(frozen=True)
class RedisDecision(Decision):
    """A :class:`Decision` that also says *when* it was made, on the clock that made it."""

    #: µs since the epoch: Redis ``TIME`` when the script read it, else the injected clock
    at_us: int = 0


# Members of the log must be unique, or two hits in the same microsecond would be one ZADD.
# The suffix comes from the app: a random per-process part (two processes never share it)
# and a counter (two hits of one process never share it). Redis before 7.0 seeded Lua's
# math.random identically for every script, so a suffix drawn inside the script would repeat.
_PROCESS_TOKEN = os.urandom(6).hex()
_SEQUENCE = itertools.count()


def unique_token() -> str:
    return f"{_PROCESS_TOKEN}{next(_SEQUENCE):x}"


class _RedisWindowLimiter:
    """What both Redis strategies share: the policy, the key names, the clock, the call."""

    algorithm = ""
    describe = ""
    script_text = ""

    def __init__(
        self,
        redis: Redis,
        name: str,
        *,
        limit: int,
        window: float,
        prefix: str = "ratelimit:",
        clock: Clock | None = None,
        unit: str = "requests",
    ) -> None:
        if not isinstance(limit, int) or limit < 1:
            raise ValueError(f"limit must be a positive int, got {limit!r}")
        if not window > 0:
            raise ValueError(f"window must be positive, got {window!r}")
        self.redis = redis
        self.prefix = prefix
        #: None: the script reads Redis ``TIME``; else seconds from the app (tests, demos)
        self.clock = clock
        self.window_us = max(1, round(window * MICROS))
        description = self.describe.format(limit=limit, unit=unit, window=f"{window:g}")
        self.policy = Policy(name, self.algorithm, limit, window, unit, description)
        # register_script computes the script's SHA1 once, here; a hit sends EVALSHA and
        # those 40 bytes, never the script's text.
        self.script = redis.register_script(self.script_text)
        # The hot path is the Python client, not Redis: what never changes is built once.
        self._key_prefix = f"{prefix}{name}:"
        self._policy_args = (str(limit).encode(), str(self.window_us).encode())

    def redis_key(self, key: str) -> str:
        """``<prefix><policy>:<key>``: a prefix per app (or per test) keeps them apart."""
        return self._key_prefix + key

    async def _evalsha(self, key: str, cost: int, *per_hit: str) -> list[int]:
        """Run the script for one hit: the policy's arguments, this hit's, and the app's
        clock only when one was given — without it the script reads Redis TIME."""
        if cost.__class__ is not int or not 1 <= cost <= self.policy.limit:
            # A cost above the quota could never be admitted: refuse it before counting.
            raise ValueError(f"cost must be an int from 1 to {self.policy.limit}, got {cost!r}")
        name = self._key_prefix + key
        args: list[bytes | str] = [*self._policy_args, str(cost), *per_hit]
        if self.clock is not None:
            args.append(str(round(self.clock() * MICROS)))
        try:
            return await self.redis.evalsha(self.script.sha, 1, name, *args)
        except NoScriptError:
            # The server has lost its script cache (restarted, SCRIPT FLUSH): the registered
            # script sends its text once (SCRIPT LOAD), then EVALSHA works again.
            return await self.script(keys=[name], args=args)

    async def reset(self, key: str) -> None:
        """Forget ``key``'s history: its next hit starts with the whole quota."""
        await self.redis.delete(self.redis_key(key))


class RedisSlidingLog(_RedisWindowLimiter):
    """At most ``limit`` units in *any* window of ``window`` seconds — exactly.

    Each admitted unit is a member of the key's sorted set, scored by its time in µs. A hit
    drops the members older than the window (ZREMRANGEBYSCORE), counts the rest (ZCARD), adds
    itself if it fits (ZADD) and sets the key to expire when its newest member leaves the
    window (PEXPIRE). Refused hits add nothing, so a flood costs no memory; memory is up to
    ``limit`` members per key, which is the price of exactness.
    """

    algorithm = "sliding window log"
    describe = "{limit} {unit} in any {window} s"
    script_text = SLIDING_LOG_LUA

    async def hit(self, key: str, cost: int = 1) -> RedisDecision:
        admitted, count, now, reset_us, retry_us = await self._evalsha(key, cost, unique_token())
        limit = self.policy.limit
        return RedisDecision(
            bool(admitted), limit, limit - count, reset_us / MICROS, retry_us / MICROS, at_us=now
        )

    async def entries(self, key: str) -> list[int]:
        """The times (µs) of the units in ``key``'s log, oldest first — what a hit counts."""
        scored = await self.redis.zrange(self.redis_key(key), 0, -1, withscores=True)
        return [int(score) for _member, score in scored]


class RedisSlidingCounter(_RedisWindowLimiter):
    """About ``limit`` units in any window of ``window`` seconds, in O(1) memory per key.

    Time is cut into fixed windows (aligned to the clock) with a count each; only the current
    and the previous count are kept. At ``elapsed`` seconds into the current window the
    sliding window still covers ``(window - elapsed) / window`` of the previous one, so::

        estimate = previous × (window − elapsed) / window + current

    and a hit is admitted when ``estimate + cost <= limit``. The estimate assumes the previous
    window's hits were spread evenly. **Error bound:** if they were bunched at its *end*, the
    true count in the sliding window is ``previous + current`` while the estimate says less,
    so up to ``previous × elapsed / window`` extra hits get in: any sliding window admits at
    most ``limit + previous × elapsed / window`` — always under 2 × ``limit``, where a fixed
    window allows 2 × in an instant. Bunched at its *start*, the estimate still counts hits
    that have already left, and a request the log would admit is refused. For hits spread
    evenly (steady traffic) the estimate is right; the error comes only from bunching.
    """

    algorithm = "sliding window counter"
    describe = "about {limit} {unit} per sliding {window} s, estimated from two fixed windows"
    script_text = SLIDING_COUNTER_LUA

    async def hit(self, key: str, cost: int = 1) -> RedisDecision:
        admitted, remaining, now, reset_us, retry_us = await self._evalsha(key, cost)
        limit = self.policy.limit
        return RedisDecision(
            bool(admitted), limit, remaining, reset_us / MICROS, retry_us / MICROS, at_us=now
        )


# --- when Redis is down ---------------------------------------------------------------------

#: what "Redis is down" looks like to redis-py. A ResponseError is not here on purpose: it
#: means a bug (a broken script, a wrong type at the key), and must surface as a 500, not be
#: waved through by a fail-open policy.
STORE_DOWN: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError, OSError)


def fail_fast_options() -> dict[str, Any]:
    """Client options for a limiter's Redis: a request must not wait long for a store that's gone.

    redis-py's default retries 3 times with exponential backoff from 1 s — up to seconds per
    request during an outage. One quick retry is kept: after a Redis restart every pooled
    connection is dead, and the retry reconnects without failing the request.
    """
    from redis.asyncio.retry import Retry  # noqa: PLC0415
    from redis.backoff import ExponentialBackoff  # noqa: PLC0415

    return {
        "socket_timeout": 0.5,
        "socket_connect_timeout": 0.5,
        "retry": Retry(ExponentialBackoff(cap=0.05, base=0.01), retries=1),
    }


class LimiterUnavailable(ServiceUnavailable):
    """503: a fail-closed limit could not be checked, so the request is refused."""


class _OnStoreDown:
    """Wraps a store-backed limiter; says what happens when the store cannot be reached.

    The outage is logged once when it starts and once when it ends — not once per request,
    which during an outage would bury the log under thousands of identical lines.
    """

    mode = ""

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter
        self.policy = limiter.policy
        #: ``time.time()`` of the first failure of the current outage, or None when healthy
        self.down_since: float | None = None
        #: hits decided by the policy instead of the store, since start
        self.hits_while_down = 0

    async def hit(self, key: str, cost: int = 1) -> Decision:
        try:
            decision = await self.limiter.hit(key, cost)
        except STORE_DOWN as exc:
            self.hits_while_down += 1
            if self.down_since is None:
                self.down_since = time.time()
                log.warning(
                    "rate limit %r: its store is unreachable (%s); failing %s until it is back",
                    self.policy.name,
                    exc,
                    self.mode,
                )
            return self._while_down(exc)
        if self.down_since is not None:
            log.warning(
                "rate limit %r: its store is back after %.1f s; limiting again",
                self.policy.name,
                time.time() - self.down_since,
            )
            self.down_since = None
        return decision

    def _while_down(self, exc: BaseException) -> Decision:
        raise NotImplementedError


class FailOpen(_OnStoreDown):
    """Redis down: admit the request *uncounted* (``Decision.enforced`` is False).

    For routes where a few minutes without a limit cost less than refusing everybody: a
    public, cheap, read-only endpoint. The response carries only ``RateLimit-Policy`` — the
    policy still stands, but there is no remaining quota to report, and inventing one would
    mislead clients that pace themselves by it.
    """

    mode = "open"

    def _while_down(self, exc: BaseException) -> Decision:
        limit = self.policy.limit
        return Decision(True, limit, limit, 0.0, enforced=False)


class FailClosed(_OnStoreDown):
    """Redis down: refuse the request with 503 and ``Retry-After``.

    For routes where an unlimited minute is the attack the limit exists to stop: a login
    endpoint without its limit is an open door to password guessing, at full speed.
    """

    mode = "closed"

    def __init__(self, limiter: RateLimiter, *, retry_after: int = 5) -> None:
        super().__init__(limiter)
        self.retry_after = retry_after

    def _while_down(self, exc: BaseException) -> Decision:
        raise LimiterUnavailable(
            f"the '{self.policy.name}' limit cannot be checked (its store is unreachable), "
            "and this route refuses requests rather than let them through unlimited",
            headers={"Retry-After": str(self.retry_after)},
            retry_after=self.retry_after,
        ) from exc
