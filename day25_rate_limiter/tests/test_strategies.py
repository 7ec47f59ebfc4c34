"""Each strategy's exact behaviour, driven by a clock moved by hand — no sleeps, no flakiness."""

from __future__ import annotations

import random

import pytest

from day25_rate_limiter.demo import run as run_demo
from shared.ratelimit import (
    Decision,
    FixedWindow,
    LeakyBucket,
    ManualClock,
    Policy,
    RateLimiter,
    TokenBucket,
)


async def hits(limiter: RateLimiter, n: int, key: str = "k", cost: int = 1) -> list[Decision]:
    return [await limiter.hit(key, cost) for _ in range(n)]


def allowed(decisions: list[Decision]) -> list[bool]:
    return [d.allowed for d in decisions]


def test_every_strategy_implements_the_one_interface(clock: ManualClock) -> None:
    strategies = [
        FixedWindow("a", limit=5, window=10, clock=clock),
        TokenBucket("b", capacity=5, refill_rate=1, clock=clock),
        LeakyBucket("c", capacity=5, leak_rate=1, clock=clock),
    ]
    for limiter in strategies:
        assert isinstance(limiter, RateLimiter)
        assert isinstance(limiter.policy, Policy)
    assert [s.policy.algorithm for s in strategies] == [
        "fixed window",
        "token bucket",
        "leaky bucket",
    ]


async def test_fixed_window_counts_up_to_the_limit_then_refuses_until_the_next_window(
    clock: ManualClock,
) -> None:
    limiter = FixedWindow("search", limit=5, window=10, clock=clock)
    first = await hits(limiter, 6)
    assert allowed(first) == [True] * 5 + [False]
    assert [d.remaining for d in first] == [4, 3, 2, 1, 0, 0]
    assert first[0].reset_after == 10 and first[0].retry_after == 0
    # Refused: the next window is when it fits, and the refusal itself counted nothing.
    assert first[-1].retry_after == 10 and first[-1].reset_after == 10

    clock.advance(9.999)
    assert not (await limiter.hit("k")).allowed
    clock.advance(0.001)
    assert [d.remaining for d in await hits(limiter, 5)] == [4, 3, 2, 1, 0]


async def test_fixed_window_lets_twice_the_limit_through_across_a_boundary(
    clock: ManualClock,
) -> None:
    limiter = FixedWindow("search", limit=5, window=10, clock=clock)
    clock.now = 9.9
    before = await hits(limiter, 6)
    clock.now = 10.0
    after = await hits(limiter, 6)
    # 10 requests admitted within 0.1 s, against a limit of "5 per 10 s".
    assert sum(allowed(before)) + sum(allowed(after)) == 10
    assert before[-1].retry_after == pytest.approx(0.1)


async def test_token_bucket_allows_a_burst_of_its_capacity_then_the_refill_rate(
    clock: ManualClock,
) -> None:
    bucket = TokenBucket("uploads", capacity=4, refill_rate=2, clock=clock)
    burst = await hits(bucket, 5)
    assert allowed(burst) == [True] * 4 + [False]
    assert [d.remaining for d in burst] == [3, 2, 1, 0, 0]
    assert burst[-1].retry_after == 0.5  # one token at 2 per second
    assert burst[-1].reset_after == 2.0  # four tokens to earn back

    clock.advance(0.5)  # one token earned
    assert allowed(await hits(bucket, 2)) == [True, False]
    clock.advance(1.0)  # two more
    assert allowed(await hits(bucket, 3)) == [True, True, False]

    clock.advance(3600)  # an idle hour refills to the capacity, not beyond
    assert allowed(await hits(bucket, 5)) == [True] * 4 + [False]


async def test_token_bucket_cost_spends_several_tokens_and_a_refusal_spends_none(
    clock: ManualClock,
) -> None:
    bucket = TokenBucket("uploads", capacity=10, refill_rate=2, clock=clock)
    assert (await bucket.hit("k", cost=8)).remaining == 2
    refused = await bucket.hit("k", cost=3)
    assert not refused.allowed and refused.remaining == 2
    assert refused.retry_after == 0.5  # one token short, at 2 per second
    assert (await bucket.hit("k", cost=2)).allowed
    with pytest.raises(ValueError):
        await bucket.hit("k", cost=11)  # could never fit: the caller must cap its input
    with pytest.raises(ValueError):
        await bucket.hit("k", cost=0)


async def test_leaky_bucket_drains_at_a_constant_rate(clock: ManualClock) -> None:
    bucket = LeakyBucket("jobs", capacity=3, leak_rate=0.5, clock=clock)
    fill = await hits(bucket, 4)
    assert allowed(fill) == [True, True, True, False]
    assert [d.reset_after for d in fill[:3]] == [2.0, 4.0, 6.0]  # 2 s per unit to drain
    assert fill[-1].retry_after == 2.0
    # The whole state is one timestamp: when the bucket will be empty (the GCRA's TAT).
    assert bucket._states["k"] == 6.0

    # A client that keeps knocking every 0.5 s gets in exactly every 2 s: the drain rate.
    admitted_at = []
    for step in range(1, 21):
        clock.now = step * 0.5
        if (await bucket.hit("k")).allowed:
            admitted_at.append(clock.now)
    assert admitted_at == [2.0, 4.0, 6.0, 8.0, 10.0]

    clock.now = 100.0  # drained completely: the full depth is available again
    assert allowed(await hits(bucket, 4)) == [True, True, True, False]


async def test_a_leaky_meter_admits_exactly_what_a_token_bucket_does() -> None:
    """Mirror images: tokens left vs. water in. Same capacity and rate, same answers."""
    clock = ManualClock()
    tokens = TokenBucket("t", capacity=6, refill_rate=2, clock=clock)
    leaky = LeakyBucket("l", capacity=6, leak_rate=2, clock=clock)
    rng = random.Random(25)
    for _ in range(500):
        clock.advance(rng.choice([0, 0, 0.25, 0.5, 1.5]))  # binary fractions: exact floats
        cost = rng.randint(1, 4)
        a, b = await tokens.hit("k", cost), await leaky.hit("k", cost)
        assert (a.allowed, a.remaining, a.retry_after) == (b.allowed, b.remaining, b.retry_after)


async def test_keys_do_not_share_state(clock: ManualClock) -> None:
    for limiter in (
        FixedWindow("a", limit=2, window=10, clock=clock),
        TokenBucket("b", capacity=2, refill_rate=1, clock=clock),
        LeakyBucket("c", capacity=2, leak_rate=1, clock=clock),
    ):
        assert allowed(await hits(limiter, 3, key="alice")) == [True, True, False]
        assert allowed(await hits(limiter, 2, key="bob")) == [True, True]


def test_bad_parameters_are_refused_when_the_limiter_is_built() -> None:
    with pytest.raises(ValueError):
        FixedWindow("x", limit=0, window=10)
    with pytest.raises(ValueError):
        TokenBucket("x", capacity=5, refill_rate=0)
    with pytest.raises(ValueError):
        LeakyBucket("x", capacity=5, leak_rate=-1)
    with pytest.raises(ValueError):
        ManualClock().advance(-1)


async def test_the_demo_prints_the_three_timelines() -> None:
    lines = await run_demo()
    text = "\n".join(lines)
    assert "t= 10.0 s  6 requests  ✔✔✔✔✔✘" in text  # the boundary burst
    assert "t=  1.0 s  1 request   ✔" in text  # the leaky bucket's constant drain
    assert "remote counter, await inside:    100 admitted" in text
    assert "in memory, no await inside:       10 admitted" in text
