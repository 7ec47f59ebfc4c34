"""A denylist of logged-out tokens: one Redis string per ``jti``, gone when the token would be.

A signed access token cannot be taken back: any server holding the key accepts it until
``exp``. To log one out early, we remember its id (the ``jti`` claim, RFC 7519 §4.1.7) in
a place every server instance reads — Redis — and refuse tokens whose id is there.

The entry only has to last as long as the token could still be *accepted*. After that, the
signature check refuses the token by itself and the entry is dead weight. So each entry is
written with a TTL equal to the token's remaining life, and Redis deletes it on time; the
denylist holds at most the tokens logged out in the last ``lifetime`` seconds, however long
the service runs. "Remaining life" is ``exp + leeway − now``: the verifier tolerates
``leeway`` seconds of clock skew past ``exp``, and an entry that expired exactly at ``exp``
would leave that window open for a logged-out token.

    SET day23:denylist:jti:<jti> <sub> PX <remaining ms> NX      # on logout
    GET day23:denylist:jti:<jti>                                  # on every protected request

``NX`` (only if absent) makes a logout idempotent and race-free: of two concurrent logouts of
the same token exactly one writes, and a replayed logout can never move the expiry.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from day23_logout_redis.keyspace import Keyspace
from day23_logout_redis.redis_down import unavailable_means

#: what shared.tokens.issue puts in ``jti`` (uuid4().hex). The jti becomes part of a Redis key,
#: so a token whose jti looks like anything else is refused before it gets near one.
JTI_PATTERN = re.compile(r"[0-9a-f]{32}")
#: the shortest entry we write: Redis refuses PX 0, and a clamp keeps an almost-expired token
#: denylisted until it has certainly expired
MIN_TTL_MS = 1000


def remaining_life_ms(claims: Mapping[str, Any], leeway_s: float, now: float | None = None) -> int:
    """How long the verifier could still accept a token with these claims, in whole ms.

    Rounded *up*: an entry that outlives its token by < 1 ms is harmless, one that dies a
    millisecond early is a hole. At least :data:`MIN_TTL_MS`.
    """
    now = time.time() if now is None else now
    accepted_until = float(claims["exp"]) + leeway_s
    return max(MIN_TTL_MS, math.ceil((accepted_until - now) * 1000))


@dataclass(frozen=True)
class Revocation:
    jti: str
    #: the TTL the entry got (or still has, when it was already there)
    ttl_ms: int
    #: False when another request had logged this token out first (NX found the key)
    first: bool


async def revoke(
    redis: Redis, keys: Keyspace, claims: Mapping[str, Any], leeway_s: float
) -> Revocation:
    """Put the token's jti on the denylist until the token could no longer be accepted."""
    jti = claims["jti"]
    ttl_ms = remaining_life_ms(claims, leeway_s)
    with unavailable_means(
        "the token could not be put on the denylist (Redis), so it is NOT logged out; try again"
    ):
        # The value is the subject: `redis-cli GET` then says whose token it was.
        written = await redis.set(keys.denylist(jti), claims["sub"], px=ttl_ms, nx=True)
        if not written:
            # Lost a race with a concurrent logout of the same token: report its entry's TTL
            # (-2, "no such key", if it expired in between: the token is dead anyway).
            ttl_ms = max(0, await redis.pttl(keys.denylist(jti)))
    return Revocation(jti, ttl_ms, bool(written))


async def is_revoked(redis: Redis, keys: Keyspace, jti: str) -> bool:
    """One GET per protected request. Redis down: refuse (fail closed), never assume "no"."""
    with unavailable_means(
        "the denylist (Redis) cannot be read, so no token can be checked; refused until "
        "Redis is back (fail closed: a logged-out token must never work again)"
    ):
        return await redis.get(keys.denylist(jti)) is not None
