"""Lua scripts: read, decide and write in one step that no other command can interrupt.

Redis runs commands one at a time, and a script counts as one command: from its first line to
its last nothing else runs (that is also why a script must be short — a slow one stalls
every client). So a script can do what MULTI cannot, *branch on what it read*, with no
WATCH and no retry:

* :data:`COMPARE_AND_SET` — "set it to B only if it is still A";
* :data:`COUNT_HIT` — a fixed-window counter: allow up to ``limit`` hits per window;
* :data:`RELEASE_LOCK` — delete a lock only if it still holds *our* token (``cache.py``).

``register_script`` hashes the source once (SHA1) and each call sends ``EVALSHA sha …``
rather than the whole script; if the server does not know the hash yet (first call, a
restart, ``SCRIPT FLUSH``) redis-py gets ``NOSCRIPT``, loads it with ``SCRIPT LOAD`` and
retries. Keys a script touches are passed in ``KEYS``, never built inside it, so Redis (and
a cluster) knows which keys the script uses.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from redis.asyncio import Redis

from day24_redis.keyspace import KeysDep, Name, Strict
from day24_redis.strings import MAX_VALUE_CHARS
from shared.errors import problem_responses

COMPARE_AND_SET = """
-- KEYS[1] the key; ARGV[1] '1' if the key must be absent, else '0'; ARGV[2] the value
-- expected; ARGV[3] the new value. Returns {1, new} if swapped, {0, current} if not.
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current then return {0, current} end
elseif current ~= ARGV[2] then
  return {0, current}
end
redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL')
return {1, ARGV[3]}
"""

COUNT_HIT = """
-- KEYS[1] the counter; ARGV[1] the limit; ARGV[2] the window in ms.
-- Returns {allowed (1/0), count, ms until the window resets}.
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then
  return {0, count, redis.call('PTTL', KEYS[1])}
end
count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {1, count, redis.call('PTTL', KEYS[1])}
"""

RELEASE_LOCK = """
-- KEYS[1] the lock; ARGV[1] our token. Only the holder may release it.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class Scripts:
    """The lesson's scripts, registered once per client (``register_script`` sends nothing)."""

    def __init__(self, r: Redis) -> None:
        self._cas = r.register_script(COMPARE_AND_SET)
        self._count_hit = r.register_script(COUNT_HIT)
        self._release = r.register_script(RELEASE_LOCK)

    @property
    def shas(self) -> list[str]:
        return [self._cas.sha, self._count_hit.sha, self._release.sha]

    async def compare_and_set(
        self, key: str, expected: str | None, new: str
    ) -> tuple[bool, str | None]:
        absent = "1" if expected is None else "0"
        swapped, value = await self._cas(keys=[key], args=[absent, expected or "", new])
        return bool(swapped), value

    async def count_hit(self, key: str, limit: int, window_ms: int) -> tuple[bool, int, int]:
        allowed, count, reset_ms = await self._count_hit(keys=[key], args=[limit, window_ms])
        return bool(allowed), count, reset_ms

    async def release_lock(self, key: str, token: str) -> bool:
        return bool(await self._release(keys=[key], args=[token]))


class CasIn(Strict):
    #: the value you last saw; null: the key must not exist yet
    expected: str | None = Field(max_length=MAX_VALUE_CHARS)
    new: str = Field(max_length=MAX_VALUE_CHARS)


class CasOut(BaseModel):
    swapped: bool
    #: the value now: the new one if swapped, else whatever is there (null: nothing)
    value: str | None


class HitIn(Strict):
    limit: int = Field(default=5, ge=1, le=10_000)
    window_ms: int = Field(default=10_000, ge=1, le=3_600_000)


class HitOut(BaseModel):
    allowed: bool
    count: int
    reset_ms: int


router = APIRouter(prefix="/lua", tags=["lua scripts"])


def scripts_of(request: Request) -> Scripts:
    return request.app.state.scripts


@router.post("/cas/{name}", response_model=CasOut, responses=problem_responses(503))
async def compare_and_set(name: Name, body: CasIn, request: Request, keys: KeysDep) -> CasOut:
    """Set string ``name`` to ``new`` only if it still holds ``expected`` (one EVALSHA)."""
    swapped, value = await scripts_of(request).compare_and_set(
        keys.key("string", name), body.expected, body.new
    )
    return CasOut(swapped=swapped, value=value)


@router.post("/counters/{name}", response_model=HitOut, responses=problem_responses(503))
async def count_hit(name: Name, body: HitIn, request: Request, keys: KeysDep) -> HitOut:
    """Count a hit in a fixed window: allowed until ``limit`` hits, then refused until reset."""
    allowed, count, reset_ms = await scripts_of(request).count_hit(
        keys.key("counter", name), body.limit, body.window_ms
    )
    return HitOut(allowed=allowed, count=count, reset_ms=reset_ms)
