"""The sliding-window counter: the weighting, and where it differs from the exact log."""

from __future__ import annotations

import random
from typing import Any

from shared.ratelimit import FixedWindow, ManualClock, RateLimiter
from shared.ratelimit_redis import RedisSlidingCounter, RedisSlidingLog

LIMIT, WINDOW = 10, 10.0


def three(redis: Any, prefix: str, clock: ManualClock) -> dict[str, RateLimiter]:
    """Day 25's fixed window (in memory) beside the two Redis strategies, on one clock."""
    return {
        "fixed": FixedWindow("fixed", limit=LIMIT, window=WINDOW, clock=clock),
        "log": RedisSlidingLog(
            redis, "log", limit=LIMIT, window=WINDOW, prefix=prefix, clock=clock
        ),
        "counter": RedisSlidingCounter(
            redis, "counter", limit=LIMIT, window=WINDOW, prefix=prefix, clock=clock
        ),
    }


async def burst(limiters: dict[str, RateLimiter], n: int = LIMIT) -> dict[str, int]:
    """``n`` hits on each limiter at the clock's current time; how many each admitted."""
    return {
        name: sum([(await limiter.hit("k")).allowed for _ in range(n)])
        for name, limiter in limiters.items()
    }


async def test_a_burst_at_the_boundary(redis_client: Any, redis_prefix: str) -> None:
    """10 at 9.9 s, 10 at 10.0 s: the fixed window lets 20 through in 0.1 s; neither
    sliding window does, because both still count the first burst."""
    clock = ManualClock(9.9)
    limiters = three(redis_client, redis_prefix, clock)
    assert await burst(limiters) == {"fixed": 10, "log": 10, "counter": 10}
    clock.now = 10.0
    assert await burst(limiters) == {"fixed": 10, "log": 0, "counter": 0}


async def test_the_counter_is_lenient_when_the_previous_window_ended_in_a_burst(
    redis_client: Any, redis_prefix: str
) -> None:
    """Halfway through the next window the counter weights the burst at 9.9 s by one half
    and admits 5 more — 15 in (5, 15]. The log knows all ten are still inside: 0."""
    clock = ManualClock(9.9)
    limiters = three(redis_client, redis_prefix, clock)
    await burst(limiters)
    clock.now = 15.0
    admitted = await burst(limiters)
    assert admitted["log"] == 0
    assert admitted["counter"] == 5  # previous × (1 − elapsed / window) = 10 × 0.5 in use
    # The error bound: limit + previous × elapsed / window = 10 + 10 × 0.5.
    assert 10 + admitted["counter"] == LIMIT + 10 * 5.0 / WINDOW


async def test_the_counter_is_strict_when_the_previous_window_began_with_a_burst(
    redis_client: Any, redis_prefix: str
) -> None:
    """10 at 0.0 s have all left the window by 10.5 s: the log admits 10; the counter still
    weights them by 0.95 (as if spread evenly) and admits none."""
    clock = ManualClock(0.0)
    limiters = three(redis_client, redis_prefix, clock)
    await burst(limiters)
    clock.now = 10.5
    assert await burst(limiters) == {"fixed": 10, "log": 10, "counter": 0}


async def test_the_weighting_and_the_retry_time_are_exact(
    redis_client: Any, redis_prefix: str
) -> None:
    clock = ManualClock(20.0)  # the start of a window: [20, 30)
    counter = RedisSlidingCounter(
        redis_client, "c", limit=LIMIT, window=WINDOW, prefix=redis_prefix, clock=clock
    )
    for _ in range(8):
        await counter.hit("k")
    clock.now = 32.5  # 2.5 s into [30, 40): estimate 8 × 0.75 = 6
    decisions = [await counter.hit("k") for _ in range(5)]
    assert [d.allowed for d in decisions] == [True] * 4 + [False]
    assert [d.remaining for d in decisions[:4]] == [3, 2, 1, 0]
    # Refused with current = 4: it fits when 8 × (1 − e/10) + 4 + 1 ≤ 10, at e = 3.75.
    assert decisions[-1].retry_after == 1.25
    clock.advance(1.25)
    assert (await counter.hit("k")).allowed
    assert not (await counter.hit("k")).allowed


async def test_state_is_three_numbers_whatever_the_traffic(
    redis_client: Any, redis_prefix: str
) -> None:
    clock = ManualClock(0.0)
    limiters = three(redis_client, redis_prefix, clock)
    await burst(limiters, 50)
    counter, log = limiters["counter"], limiters["log"]
    assert isinstance(counter, RedisSlidingCounter) and isinstance(log, RedisSlidingLog)
    key = counter.redis_key("k")
    assert await redis_client.hgetall(key) == {"i": "0", "c": "10", "p": "0"}
    assert await redis_client.zcard(log.redis_key("k")) == LIMIT  # the log: one per admission
    # Kept for two windows: this window's count is the next one's "previous".
    assert 10_000 < await redis_client.pttl(key) <= 20_000


async def test_random_traffic_stays_within_the_stated_bound(
    redis_client: Any, redis_prefix: str
) -> None:
    """Whatever the traffic, each fixed window admits at most the limit, and any sliding
    window at most limit + previous × elapsed / window (always under 2 × limit)."""
    rng = random.Random(2026)
    clock = ManualClock(0.0)
    counter = RedisSlidingCounter(
        redis_client, "c", limit=LIMIT, window=WINDOW, prefix=redis_prefix, clock=clock
    )
    admitted: list[float] = []
    for _ in range(400):
        clock.advance(rng.choice([0.0, 0.05, 0.2, 0.5, 2.0]))
        if (await counter.hit("k")).allowed:
            admitted.append(clock.now)
    per_window: dict[int, int] = {}
    for t in admitted:
        per_window[int(t // WINDOW)] = per_window.get(int(t // WINDOW), 0) + 1
    assert max(per_window.values()) <= LIMIT
    for end in admitted:
        inside = sum(end - WINDOW < t <= end for t in admitted)
        index, elapsed = int(end // WINDOW), end % WINDOW
        previous = per_window.get(index - 1, 0)
        assert inside <= LIMIT + previous * elapsed / WINDOW + 1e-9 < 2 * LIMIT
