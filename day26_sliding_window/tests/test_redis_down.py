"""Redis stops mid-run and comes back on the same port: each route follows its stated policy."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import redis.asyncio as aioredis

from day26_sliding_window.app import create_app
from shared.ratelimit_redis import fail_fast_options

from .conftest import assert_problem, client_from

ADA = {"username": "ada", "password": "correct horse battery staple"}


async def test_an_outage_and_a_recovery(
    private_redis: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="course.ratelimit")
    redis = aioredis.Redis.from_url(private_redis.url, decode_responses=True, **fail_fast_options())
    app = create_app(redis=redis, prefix="outage:")
    try:
        async with client_from(app) as http:
            # Healthy: counted, with the full set of fields.
            r = await http.get("/feed")
            assert (r.status_code, r.headers["RateLimit-Remaining"]) == (200, "19")
            for _ in range(4):
                assert (await http.post("/login", json=ADA)).status_code == 200
            assert (await http.post("/login", json=ADA)).status_code == 200  # the 5th
            assert_problem(await http.post("/login", json=ADA), 429)

            private_redis.stop()  # SIGKILL: an outage, not a polite shutdown

            # The public feed fails open: served, uncounted, saying so by what it omits.
            for _ in range(30):  # more than the limit of 20: nothing counts now
                r = await http.get("/feed")
                assert r.status_code == 200
            assert r.headers["RateLimit-Policy"] == "20;w=1"
            assert "RateLimit-Remaining" not in r.headers
            assert "X-Limiter-Time" not in r.headers
            # Login fails closed: 503 problem with Retry-After, never an unlimited login.
            body = assert_problem(await http.post("/login", json=ADA), 503)
            assert r.status_code == 200 and body["retry_after"] == 5
            assert (await http.post("/login", json=ADA)).headers["Retry-After"] == "5"
            limits = {p["name"]: p for p in (await http.get("/limits")).json()}
            assert limits["feed"]["degraded"] and limits["login"]["degraded"]
            assert not limits["search"]["degraded"]  # nobody searched during the outage

            # One warning per limit per outage, not one per request.
            warnings = [r.getMessage() for r in caplog.records if r.name == "course.ratelimit"]
            assert len(warnings) == 2
            assert "'feed'" in warnings[0] and "failing open" in warnings[0]
            assert "'login'" in warnings[1] and "failing closed" in warnings[1]

            private_redis.restart()  # same port, empty: persistence is off

            # Limiting resumes at once (pooled connections reconnect, the script reloads).
            r = await http.get("/feed")
            assert (r.status_code, r.headers["RateLimit-Remaining"]) == (200, "19")
            statuses = [(await http.post("/login", json=ADA)).status_code for _ in range(6)]
            assert statuses == [200] * 5 + [429]  # the counts died with the server
            assert not any(p["degraded"] for p in (await http.get("/limits")).json())
            assert "back after" in caplog.records[-1].getMessage()
    finally:
        await redis.aclose()


async def test_a_bug_is_not_an_outage(redis_client: Any, redis_prefix: str) -> None:
    """A wrong type at the key is a ResponseError: a 500, not waved through by fail-open."""
    app = create_app(redis=redis_client, prefix=redis_prefix)
    await redis_client.set(f"{redis_prefix}feed:ip:203.0.113.7", "not a sorted set")
    async with client_from(app) as http:
        assert_problem(await http.get("/feed"), 500)
