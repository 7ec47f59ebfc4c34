"""Why one Lua script: the same sliding-window log without one, and what concurrency does to it.

``PipelinedSlidingLog`` runs the log's commands in two MULTI/EXEC transactions: the first trims
and counts (ZREMRANGEBYSCORE, ZCARD), the app decides, the second adds (ZADD, PEXPIRE). Each
transaction is atomic, but the *decision* happens in the app, between two round trips: every
client that counts in that gap sees the same number, and all of them add. MULTI cannot help
by holding both — its replies only exist after EXEC, so nothing inside it can depend on them.

``watch=True`` is the optimistic fix: WATCH the key, count, then MULTI/EXEC the writes; if any
other client changed the key in between, EXEC returns nothing and the hit starts over. It is
exact, but each conflict costs another round trip, and under contention (many clients on one
key — exactly when a limiter matters) conflicts are the rule. The Lua script is exact in one
round trip with no retries, because Redis runs it whole before any other command.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from redis.exceptions import WatchError

from shared.ratelimit import Decision, Policy
from shared.ratelimit_redis import MICROS, unique_token

if TYPE_CHECKING:
    from redis.asyncio import Redis


class PipelinedSlidingLog:
    """A sliding-window log decided in the app: racy as is, exact but retrying with WATCH."""

    def __init__(
        self,
        redis: Redis,
        name: str,
        *,
        limit: int,
        window: float,
        prefix: str = "ratelimit:",
        watch: bool = False,
    ) -> None:
        self.redis = redis
        self.prefix = prefix
        self.watch = watch
        self.window_us = round(window * MICROS)
        how = "WATCH + MULTI" if watch else "two MULTI pipelines"
        self.policy = Policy(name, f"sliding window log ({how})", limit, window)
        #: how many times a WATCHed hit had to start over because another client got in first
        self.retries = 0

    def redis_key(self, key: str) -> str:
        return f"{self.prefix}{self.policy.name}:{key}"

    async def hit(self, key: str, cost: int = 1) -> Decision:
        if self.watch:
            return await self._hit_watched(key, cost)
        return await self._hit_racy(key, cost)

    async def _hit_racy(self, key: str, cost: int) -> Decision:
        name, limit = self.redis_key(key), self.policy.limit
        now = round(time.time() * MICROS)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(name, "-inf", now - self.window_us)
            pipe.zcard(name)
            _, count = await pipe.execute()
        # <- the gap: the count above is already stale for every other client counting now
        if count + cost > limit:
            return Decision(False, limit, max(0, limit - count), self.policy.window, 1.0)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zadd(name, {f"{now}:{unique_token()}:{i}": now for i in range(cost)})
            pipe.pexpire(name, math.ceil(self.window_us / 1000))
            await pipe.execute()
        return Decision(True, limit, max(0, limit - count - cost), self.policy.window)

    async def _hit_watched(self, key: str, cost: int) -> Decision:
        name, limit = self.redis_key(key), self.policy.limit
        async with self.redis.pipeline(transaction=True) as pipe:
            while True:
                now = round(time.time() * MICROS)
                try:
                    await pipe.watch(name)  # from here, any change to the key voids EXEC
                    # A read only (ZCOUNT, not ZREMRANGEBYSCORE): a write of our own before
                    # MULTI would void our own transaction.
                    count = await pipe.zcount(name, f"({now - self.window_us}", "+inf")
                    if count + cost > limit:
                        await pipe.unwatch()
                        return Decision(
                            False, limit, max(0, limit - count), self.policy.window, 1.0
                        )
                    pipe.multi()
                    pipe.zremrangebyscore(name, "-inf", now - self.window_us)
                    pipe.zadd(name, {f"{now}:{unique_token()}:{i}": now for i in range(cost)})
                    pipe.pexpire(name, math.ceil(self.window_us / 1000))
                    await pipe.execute()
                    return Decision(True, limit, max(0, limit - count - cost), self.policy.window)
                except WatchError:
                    self.retries += 1  # somebody else wrote first: count again
