"""Redis down: every route that needs it answers 503 problem+json; /health stays up."""

from __future__ import annotations

import asyncio

import pytest

from course.net import free_port
from course.testing import asgi_client
from day24_redis.app import create_app
from shared.backends import BackendUnavailable
from shared.redis import RedisServer

from .conftest import assert_problem

NEEDS_REDIS = [
    ("GET", "/products/1", None),
    ("PUT", "/strings/a", {"value": "x"}),
    ("POST", "/strings/a/incr", {}),
    ("GET", "/leaderboards/weekly", None),
    ("POST", "/queue/jobs/take", {"wait_ms": 100}),
    ("POST", "/streams/orders", {"item": "kettle", "qty": 1}),
    ("POST", "/pubsub/news", {"message": "hi"}),
    ("POST", "/pipeline/strings", {"values": {"a": "1"}}),
    ("POST", "/transfers", {"source": "a", "target": "b", "amount": 1}),
    ("POST", "/lua/cas/a", {"expected": None, "new": "x"}),
    ("GET", "/server/persistence", None),
    ("GET", "/ready", None),
]


async def test_a_stopped_redis_means_503_problems_not_500s(use_redis) -> None:
    server = RedisServer()
    use_redis(await asyncio.to_thread(server.start))
    app = create_app(prefix="down:")
    try:
        async with asgi_client(app) as client:
            assert (await client.get("/products/1")).status_code == 200  # Redis is up
            await asyncio.to_thread(server.stop)  # … and now it is gone
            for method, path, body in NEEDS_REDIS:
                r = await client.request(method, path, json=body)
                problem = assert_problem(r, 503)
                assert "Redis" in problem["detail"], (path, problem)
            assert (await client.get("/health")).status_code == 200  # the process lives on
    finally:
        await asyncio.to_thread(server.stop)


async def test_a_configured_redis_that_is_down_stops_start_up(use_redis) -> None:
    """REDIS_URL set but nothing listening: the lesson refuses to start (no quiet fallback)."""
    use_redis(f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(BackendUnavailable, match="not reachable"):
        async with asgi_client(create_app(prefix="down:")):
            pass
