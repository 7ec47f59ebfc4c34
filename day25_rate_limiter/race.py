"""Why ``hit`` must not ``await`` between reading a count and writing it back.

``shared.ratelimit``'s strategies read, decide and write with no ``await`` in between, so on
one event loop a hit is atomic. Move the count to a store you talk to over the network and
there *is* an await in the middle — and then a burst of concurrent requests all read the same
old count, all decide "fits", and all get in. ``RemoteCounterLimiter`` shows exactly that,
with the round trip played by ``asyncio.sleep(0)``; ``locked=True`` puts an ``asyncio.Lock``
around the critical section, which is correct again but serialises every key, and only
within one process. Day 26 makes the *store* do read-decide-write in one step (a Lua script
in Redis), which is correct across processes too.
"""

from __future__ import annotations

import asyncio
import math
import time

from shared.ratelimit import Clock, Decision, Policy


class RemoteCounterLimiter:
    """A fixed window whose counts live "elsewhere": every read and write is awaited."""

    def __init__(
        self,
        name: str,
        *,
        limit: int,
        window: float,
        locked: bool = False,
        clock: Clock = time.monotonic,
    ) -> None:
        self.policy = Policy(name, "fixed window (remote counter)", limit, window)
        self.clock = clock
        self._store: dict[str, int] = {}
        self._lock = asyncio.Lock() if locked else None

    async def _get(self, key: str) -> int:
        await asyncio.sleep(0)  # a network round trip: other coroutines run meanwhile
        return self._store.get(key, 0)

    async def _set(self, key: str, value: int) -> None:
        await asyncio.sleep(0)
        self._store[key] = value

    async def hit(self, key: str, cost: int = 1) -> Decision:
        if self._lock is None:
            return await self._hit(key, cost)
        async with self._lock:
            return await self._hit(key, cost)

    async def _hit(self, key: str, cost: int) -> Decision:
        now = self.clock()
        window = math.floor(now / self.policy.window)
        slot = f"{key}:{window}"
        reset_after = (window + 1) * self.policy.window - now
        count = await self._get(slot)
        # <- every coroutine that reached the line above has read the same `count`
        if count + cost > self.policy.limit:
            return Decision(False, self.policy.limit, 0, reset_after, reset_after)
        await self._set(slot, count + cost)
        return Decision(True, self.policy.limit, self.policy.limit - count - cost, reset_after)


async def admitted(limiter: object, hits: int, key: str = "k") -> int:
    """Fire ``hits`` concurrent hits at one key; how many got in?"""
    decisions = await asyncio.gather(*(limiter.hit(key) for _ in range(hits)))  # type: ignore[attr-defined]
    return sum(d.allowed for d in decisions)
