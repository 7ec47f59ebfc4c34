"""Checks for the Day 24 exercises (README → Exercises). They fail until you solve them.

pytest day24_redis/exercises -k serve_stale
pytest day24_redis/exercises -k reliable_queue
pytest day24_redis/exercises -k around_me
"""

from __future__ import annotations

import asyncio
import time

import pytest

from course.testing import asgi_client
from day24_redis.app import create_app
from day24_redis.cache import ProductCache
from day24_redis.catalogue import Product, SlowCatalogue
from day24_redis.keyspace import Keyspace
from day24_redis.scripts import Scripts
from shared.settings import get_settings


@pytest.fixture
def app(redis_url, redis_client, redis_prefix, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REDIS_URL", redis_url)
    get_settings.cache_clear()
    yield create_app(prefix=redis_prefix)
    get_settings.cache_clear()


async def test_serve_stale(redis_client, redis_prefix) -> None:  # type: ignore[no-untyped-def]
    """1. Past its soft TTL an entry is served at once, and refreshed once in the background."""
    now = [1_000.0]
    catalogue = SlowCatalogue()
    cache = ProductCache(
        redis_client,
        Keyspace(redis_prefix),
        catalogue,
        Scripts(redis_client),
        ttl_s=60,
        soft_ttl_s=10,
        clock=lambda: now[0],
    )
    _, outcome = await cache.get(1)
    assert outcome == "miss"
    _, outcome = await cache.get(1)
    assert outcome == "hit", "fresh within the soft TTL"

    now[0] += 11  # past the soft TTL, well within the hard one
    catalogue.products[1] = Product(id=1, name="Espresso machine v2", price_cents=1)
    started = time.perf_counter()
    answers = await asyncio.gather(*(cache.get(1) for _ in range(20)))
    assert time.perf_counter() - started < catalogue.delay_s, "stale reads do not wait"
    assert {outcome for _, outcome in answers} == {"stale"}
    assert {product.name for product, _ in answers} == {"Espresso machine"}

    deadline = time.monotonic() + 3
    while True:  # the background refresh lands; then reads are fresh hits again
        product, outcome = await cache.get(1)
        if outcome == "hit" and product.name == "Espresso machine v2":
            break
        assert time.monotonic() < deadline, "the background refresh never happened"
        await asyncio.sleep(0.01)
    assert catalogue.reads == 2, "20 stale reads, one refresh"


async def test_reliable_queue(app, redis_client, redis_prefix) -> None:  # type: ignore[no-untyped-def]
    """2. A taken job stays in Redis (a processing list) until the worker says it is done."""
    keys = Keyspace(redis_prefix)
    async with asgi_client(app) as client:
        for job in ("a", "b"):
            await client.post("/queue/jobs", json={"job": job})
        taken = await client.post("/queue/jobs/take", json={"wait_ms": 100})
        assert taken.json() == {"job": "a"}
        processing = await client.get("/queue/processing")
        assert processing.status_code == 200, "GET /queue/processing lists taken jobs"
        assert processing.json() == {"jobs": ["a"]}
        assert await redis_client.lrange(keys.key("queue", "processing"), 0, -1) == ["a"]

        done = await client.post("/queue/jobs/done", json={"job": "a"})
        assert done.status_code == 200, "POST /queue/jobs/done removes a finished job"
        assert (await client.get("/queue/processing")).json() == {"jobs": []}
        again = await client.post("/queue/jobs/done", json={"job": "a"})
        assert again.status_code == 404
        assert again.headers["content-type"] == "application/problem+json"
        # The queue itself still works as before.
        assert (await client.get("/queue/jobs")).json() == {"jobs": ["b"]}


async def test_around_me(app) -> None:  # type: ignore[no-untyped-def]
    """3. A player with up to n neighbours above and below, ranked."""
    scores = {"p1": 90, "p2": 80, "p3": 70, "p4": 60, "p5": 50, "p6": 40}
    async with asgi_client(app) as client:
        for player, score in scores.items():
            await client.put(f"/leaderboards/w/players/{player}", json={"score": score})
        r = await client.get("/leaderboards/w/players/p4/around", params={"n": 2})
        assert r.status_code == 200, "GET /leaderboards/{board}/players/{player}/around"
        assert [(row["rank"], row["player"]) for row in r.json()] == [
            (2, "p2"),
            (3, "p3"),
            (4, "p4"),
            (5, "p5"),
            (6, "p6"),
        ]
        top = await client.get("/leaderboards/w/players/p1/around", params={"n": 1})
        assert [row["player"] for row in top.json()] == ["p1", "p2"]
        missing = await client.get("/leaderboards/w/players/nobody/around")
        assert missing.status_code == 404
