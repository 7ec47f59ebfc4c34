"""The sliding-window log: exact, entry by entry, on a clock the test moves by hand."""

from __future__ import annotations

from typing import Any

import pytest

from shared.ratelimit import ManualClock, RateLimiter
from shared.ratelimit_redis import RedisDecision, RedisSlidingLog

from .conftest import over_the_limit


def log(
    redis: Any, prefix: str, clock: ManualClock | None = None, limit: int = 3, window: float = 10
) -> RedisSlidingLog:
    return RedisSlidingLog(redis, "log", limit=limit, window=window, prefix=prefix, clock=clock)


async def test_it_is_a_rate_limiter_for_day_25s_dependency(
    redis_client: Any, redis_prefix: str
) -> None:
    limiter = log(redis_client, redis_prefix)
    assert isinstance(limiter, RateLimiter)
    assert limiter.policy.algorithm == "sliding window log"
    assert limiter.redis_key("ip:1.2.3.4") == f"{redis_prefix}log:ip:1.2.3.4"


async def test_the_window_slides_one_entry_at_a_time(redis_client: Any, redis_prefix: str) -> None:
    clock = ManualClock(1000.0)
    limiter = log(redis_client, redis_prefix, clock)
    answers = []
    for at in (0, 1, 2, 3, 9.999, 10, 10.5, 11, 12):
        clock.now = 1000.0 + at
        decision = await limiter.hit("k")
        answers.append((at, decision.allowed, decision.remaining))
    assert answers == [
        (0, True, 2),
        (1, True, 1),
        (2, True, 0),
        (3, False, 0),  # three in (−7, 3]
        (9.999, False, 0),  # the entry at 0 is still inside (−0.001, 9.999]
        (10, True, 0),  # …and exactly one window old at 10: out, so one fits
        (10.5, False, 0),
        (11, True, 0),  # the entry at 1 left
        (12, True, 0),  # the entry at 2 left
    ]
    # Only admitted hits are in the log; refused ones wrote nothing.
    assert await limiter.entries("k") == [1010_000_000, 1011_000_000, 1012_000_000]


async def test_retry_after_and_reset_are_exact(redis_client: Any, redis_prefix: str) -> None:
    clock = ManualClock(500.0)
    limiter = log(redis_client, redis_prefix, clock)
    for step in (0, 2, 2):  # entries at 500, 502, 504
        clock.advance(step)
        assert (await limiter.hit("k")).allowed
    clock.advance(1)  # 505
    refused = await limiter.hit("k")
    assert (refused.allowed, refused.retry_after, refused.reset_after) == (False, 5.0, 9.0)
    # A hit of cost 2 needs the two oldest gone: 502 + 10 − 505.
    assert (await limiter.hit("k", cost=2)).retry_after == 7.0
    clock.advance(refused.retry_after)
    assert (await limiter.hit("k")).allowed
    # The key expires with its newest entry: nothing is kept for a client that went quiet.
    pttl = await redis_client.pttl(limiter.redis_key("k"))
    assert 0 < pttl <= 10_000


async def test_two_hits_in_the_same_microsecond_both_count(
    redis_client: Any, redis_prefix: str
) -> None:
    clock = ManualClock(1_795_000_000.123456)  # a real epoch time: 16 digits of µs
    limiter = log(redis_client, redis_prefix, clock, limit=5)
    first, second = await limiter.hit("k"), await limiter.hit("k", cost=2)
    assert first.at_us == second.at_us == 1_795_000_000_123_456
    assert (first.remaining, second.remaining) == (4, 2)
    # Three members, one score: the members differ by a per-hit token, not by the time.
    assert await limiter.entries("k") == [1_795_000_000_123_456] * 3
    members = await redis_client.zrange(limiter.redis_key("k"), 0, -1)
    assert len(set(members)) == 3
    assert all(m.startswith("1795000000123456:") for m in members)  # 16 digits, not 1.795e+15


async def test_without_a_clock_the_script_reads_redis_time(
    redis_client: Any, redis_prefix: str
) -> None:
    before_s, before_us = await redis_client.time()
    decision = await log(redis_client, redis_prefix).hit("k")
    after_s, after_us = await redis_client.time()
    assert isinstance(decision, RedisDecision)
    assert before_s * 10**6 + before_us <= decision.at_us <= after_s * 10**6 + after_us
    assert await log(redis_client, redis_prefix).entries("k") == [decision.at_us]


async def test_two_limiters_on_one_key_share_the_count(
    redis_client: Any, redis_prefix: str
) -> None:
    """What two app processes are: two objects, one sorted set."""
    import redis.asyncio as aioredis

    url_kwargs = redis_client.connection_pool.connection_kwargs
    other = aioredis.Redis(host=url_kwargs["host"], port=url_kwargs["port"], db=url_kwargs["db"])
    try:
        a, b = log(redis_client, redis_prefix, limit=4), log(other, redis_prefix, limit=4)
        answers = [(await (a if i % 2 else b).hit("k")).allowed for i in range(6)]
    finally:
        await other.aclose()
    assert answers == [True] * 4 + [False] * 2


async def test_random_traffic_never_puts_more_than_the_limit_in_any_window(
    redis_client: Any, redis_prefix: str
) -> None:
    import random

    rng = random.Random(26)
    clock = ManualClock(0.0)
    limiter = log(redis_client, redis_prefix, clock, limit=5, window=2)
    admitted = []
    for _ in range(300):
        clock.advance(rng.choice([0, 0, 0.01, 0.1, 0.3, 1.0]))
        if (d := await limiter.hit("k")).allowed:
            admitted.append(d.at_us)
    assert len(admitted) > 50  # it admitted plenty…
    assert over_the_limit(admitted, 5, 2_000_000) == []  # …and never 6 in one 2 s window


@pytest.mark.parametrize("cost", [0, -1, 4, "1", 1.0])
async def test_a_cost_outside_1_to_limit_is_refused_before_counting(
    redis_client: Any, redis_prefix: str, cost: Any
) -> None:
    limiter = log(redis_client, redis_prefix)
    with pytest.raises(ValueError, match="cost must be"):
        await limiter.hit("k", cost)
    assert await redis_client.exists(limiter.redis_key("k")) == 0


def test_policies_need_a_positive_limit_and_window(redis_client: Any) -> None:
    with pytest.raises(ValueError):
        RedisSlidingLog(redis_client, "x", limit=0, window=1)
    with pytest.raises(ValueError):
        RedisSlidingLog(redis_client, "x", limit=1, window=0)
