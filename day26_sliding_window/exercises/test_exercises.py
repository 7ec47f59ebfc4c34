"""Checks for the Day 26 exercises (README → Exercises). They fail until you solve them.

pytest day26_sliding_window/exercises -k peek
pytest day26_sliding_window/exercises -k fail_over
pytest day26_sliding_window/exercises -k login_per_username
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import redis.asyncio as aioredis

from day26_sliding_window.app import create_app
from shared.ratelimit_redis import fail_fast_options
from shared.redis import RedisServer

ADA = {"username": "ada", "password": "correct horse battery staple"}


@contextlib.asynccontextmanager
async def client_from(app: Any, ip: str = "203.0.113.7") -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app, raise_app_exceptions=False, client=(ip, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_peek(redis_client: Any, redis_prefix: str) -> None:
    """1. GET /limits/feed/me: your remaining feed quota, without spending any."""
    app = create_app(redis=redis_client, prefix=redis_prefix)
    async with client_from(app) as http:
        for _ in range(3):
            assert (await http.get("/feed")).status_code == 200
        for _ in range(2):
            r = await http.get("/limits/feed/me")
            assert r.status_code == 200, "add the GET /limits/feed/me route"
            assert r.json() == {"limit": 20, "remaining": 17}
    assert await redis_client.zcard(f"{redis_prefix}feed:ip:203.0.113.7") == 3


async def test_fail_over() -> None:
    """2. Redis down: /feed falls back to a per-process in-memory limit of 20 per 1 s."""
    with RedisServer() as server:
        redis = aioredis.Redis.from_url(server.url, **fail_fast_options())
        app = create_app(redis=redis, prefix="exercise:")
        try:
            async with client_from(app) as http:
                assert (await http.get("/feed")).status_code == 200
                server.stop()
                started = time.perf_counter()
                answers = [await http.get("/feed") for _ in range(100)]
                elapsed = time.perf_counter() - started
        finally:
            await redis.aclose()
    admitted = sum(r.status_code == 200 for r in answers)
    assert admitted < 100, "while Redis is down, the local limit still refuses"
    # 20 per second, give or take a window's edge, whichever Day 25 strategy you chose.
    assert admitted <= 20 * (elapsed + 2)
    assert "RateLimit-Remaining" in answers[0].headers, "a local limit is enforced: say so"


async def test_login_per_username(redis_client: Any, redis_prefix: str) -> None:
    """3. A second login limit: 5 attempts per 60 s per username, from any address."""
    app = create_app(redis=redis_client, prefix=redis_prefix)
    statuses = []
    for i in range(6):
        async with client_from(app, ip=f"198.51.100.{i}") as http:
            r = await http.post("/login", json=ADA)
            statuses.append(r.status_code)
    assert statuses == [200] * 5 + [429]
    assert r.json()["violated-policies"] == ["login-user"]
    assert "login-user" in [guard.limiter.policy.name for guard in app.state.limits.all()]
