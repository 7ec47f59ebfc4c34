"""Concurrent hits never over-admit: the in-memory strategies are atomic on one event loop."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI

from day25_rate_limiter.race import RemoteCounterLimiter, admitted
from shared.ratelimit import FixedWindow, LeakyBucket, ManualClock, TokenBucket


@pytest.mark.parametrize(
    "make",
    [
        lambda clock: FixedWindow("f", limit=10, window=10, clock=clock),
        lambda clock: TokenBucket("t", capacity=10, refill_rate=1, clock=clock),
        lambda clock: LeakyBucket("l", capacity=10, leak_rate=1, clock=clock),
    ],
    ids=["fixed-window", "token-bucket", "leaky-bucket"],
)
async def test_a_thousand_concurrent_hits_admit_exactly_the_limit(make, clock: ManualClock) -> None:  # type: ignore[no-untyped-def]
    limiter = make(clock)
    assert await admitted(limiter, 1000) == 10
    # With costs too: 3 + 3 + 3 fit in 10, a fourth 3 does not.
    other = make(clock)
    decisions = await asyncio.gather(*(other.hit("k", 3) for _ in range(100)))
    assert sum(d.allowed for d in decisions) == 3


async def test_an_await_between_read_and_write_over_admits(clock: ManualClock) -> None:
    """The bug the strategies avoid: every coroutine reads the same old count."""
    racy = RemoteCounterLimiter("r", limit=10, window=10, clock=clock)
    assert await admitted(racy, 100) == 100
    # Sequential hits hide the bug completely, which is why it needs a concurrent test.
    calm = RemoteCounterLimiter("r", limit=10, window=10, clock=clock)
    assert sum([(await calm.hit("k")).allowed for _ in range(100)]) == 10


async def test_an_asyncio_lock_around_the_critical_section_fixes_it(clock: ManualClock) -> None:
    locked = RemoteCounterLimiter("r", limit=10, window=10, locked=True, clock=clock)
    assert await admitted(locked, 100) == 10


async def test_concurrent_requests_through_the_app_never_over_admit(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    responses = await asyncio.gather(*(client.get("/search", params={"q": "a"}) for _ in range(50)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 5 + [429] * 45
