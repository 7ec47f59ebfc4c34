"""Checks for the Day 25 exercises (README → Exercises). They fail until you solve them.

pytest day25_rate_limiter/exercises -k global_search_limit
pytest day25_rate_limiter/exercises -k pro_tier
pytest day25_rate_limiter/exercises -k sliding_window_counter
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import AsyncIterator

import httpx

from day25_rate_limiter.app import create_app
from shared.ratelimit import ManualClock, RateLimiter


@contextlib.asynccontextmanager
async def client_from(app, ip: str = "203.0.113.7") -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app, raise_app_exceptions=False, client=(ip, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_global_search_limit():
    """1. /search also has a limit everybody shares: 20 per 10 s, named "search-global"."""
    app = create_app(clock=ManualClock())
    for i in range(4):
        async with client_from(app, ip=f"198.51.100.{i}") as c:
            for _ in range(5):
                assert (await c.get("/search", params={"q": "a"})).status_code == 200
    async with client_from(app, ip="198.51.100.99") as c:  # its own budget is untouched
        r = await c.get("/search", params={"q": "a"})
        assert r.status_code == 429, "20 searches in the window: the 21st is refused"
        assert r.json()["violated-policies"] == ["search-global"]
        assert "Retry-After" in r.headers
        names = [p["name"] for p in (await c.get("/limits")).json()]
    assert "search-global" in names


async def test_pro_tier():
    """2. bob is on the pro plan: a 256 KiB bucket refilled at 16 KiB/s; alice keeps 64 KiB."""
    app = create_app(clock=ManualClock())
    chunk = b"x" * 32 * 1024
    async with client_from(app) as c:
        bob = {"X-API-Key": "bob-key"}
        statuses = [
            (await c.post("/upload", params={"name": "b"}, content=chunk, headers=bob)).status_code
            for _ in range(9)
        ]
        assert statuses == [201] * 8 + [429]
        r = await c.post("/upload", params={"name": "b"}, content=b"x", headers=bob)
        assert r.headers["RateLimit-Limit"] == str(256 * 1024)
        alice = {"X-API-Key": "alice-key"}
        statuses = [
            (
                await c.post("/upload", params={"name": "a"}, content=chunk, headers=alice)
            ).status_code
            for _ in range(3)
        ]
        assert statuses == [201, 201, 429]


async def test_sliding_window_counter():
    """3. day25_rate_limiter/sliding.py: SlidingWindowCounter, without the 2x boundary burst."""
    sliding = importlib.import_module("day25_rate_limiter.sliding")
    clock = ManualClock()
    limiter = sliding.SlidingWindowCounter("s", limit=5, window=10, clock=clock)
    assert isinstance(limiter, RateLimiter)
    assert limiter.policy.limit == 5 and limiter.policy.window == 10

    async def burst(at: float, n: int) -> list[bool]:
        clock.now = at
        return [(await limiter.hit("k")).allowed for _ in range(n)]

    assert await burst(9.9, 6) == [True] * 5 + [False]
    # A fixed window would admit 5 more here; the previous window still weighs 5 x 1.0.
    assert await burst(10.0, 1) == [False]
    # Half-way: 5 x 0.5 = 2.5 of the previous window still counts, so two more fit.
    assert await burst(15.0, 3) == [True, True, False]
    refused = await limiter.hit("k")
    assert not refused.allowed and refused.retry_after > 0
    # Other keys are independent, and old windows are forgotten.
    clock.now = 100.0
    assert (await limiter.hit("other")).allowed
