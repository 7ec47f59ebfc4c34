"""Cache-aside: TTL with jitter, invalidation on write, and one rebuild for 50 concurrent misses."""

from __future__ import annotations

import asyncio

from day24_redis.cache import ProductCache
from day24_redis.scripts import Scripts

from .conftest import assert_problem


async def test_a_miss_reads_the_source_and_the_next_read_hits(
    client, catalogue, redis_client, keys
) -> None:
    first = await client.get("/products/1")
    assert first.json() == {
        "product": {"id": 1, "name": "Espresso machine", "price_cents": 24900},
        "cache": "miss",
    }
    second = await client.get("/products/1")
    assert second.json()["cache"] == "hit" and second.json()["product"] == first.json()["product"]
    assert catalogue.reads == 1
    assert (await client.get("/catalogue/stats")).json() == {"reads": 1, "writes": 0}
    assert await redis_client.exists(keys.key("cache", "product", 1))


async def test_fifty_concurrent_misses_cause_exactly_one_source_read(client, catalogue) -> None:
    answers = await asyncio.gather(*(client.get("/products/2") for _ in range(50)))
    assert {r.status_code for r in answers} == {200}
    outcomes = sorted(r.json()["cache"] for r in answers)
    assert outcomes.count("miss") == 1 and outcomes.count("waited") == 49
    assert catalogue.reads == 1


async def test_a_hot_key_that_expires_is_rebuilt_once(
    client, catalogue, redis_client, keys
) -> None:
    await client.get("/products/3")
    await redis_client.delete(keys.key("cache", "product", 3))  # its TTL ran out
    await asyncio.gather(*(client.get("/products/3") for _ in range(50)))
    assert catalogue.reads == 2
    assert not await redis_client.exists(keys.key("lock", "product", 3))  # released


async def test_without_the_lock_the_same_misses_stampede(
    redis_client, keys, catalogue, monkeypatch
) -> None:
    """The control experiment: make every SET NX succeed and the source is read 50 times."""
    cache = ProductCache(redis_client, keys, catalogue, Scripts(redis_client))
    real_set = redis_client.set

    async def always_acquire(name, value, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.pop("nx", None)
        return await real_set(name, value, **kwargs)

    monkeypatch.setattr(redis_client, "set", always_acquire)
    await asyncio.gather(*(cache.get(4) for _ in range(50)))
    assert catalogue.reads == 50


async def test_a_put_invalidates_and_the_next_read_sees_the_new_value(
    client, catalogue, redis_client, keys
) -> None:
    await client.get("/products/1")
    r = await client.put("/products/1", json={"name": "Espresso machine v2", "price_cents": 19900})
    assert r.json() == {"id": 1, "name": "Espresso machine v2", "price_cents": 19900}
    assert not await redis_client.exists(keys.key("cache", "product", 1))
    after = (await client.get("/products/1")).json()
    assert after == {
        "product": {"id": 1, "name": "Espresso machine v2", "price_cents": 19900},
        "cache": "miss",
    }
    assert (await client.get("/products/1")).json()["cache"] == "hit"
    assert catalogue.reads == 2 and catalogue.writes == 1


async def test_ttls_are_jittered(redis_client, keys, catalogue) -> None:
    cache = ProductCache(redis_client, keys, catalogue, Scripts(redis_client), ttl_s=100)
    await asyncio.gather(*(cache.get(pid) for pid in range(1, 6)))
    ttls = [await redis_client.pttl(cache.key(pid)) for pid in range(1, 6)]
    assert all(99_000 <= t <= 110_000 for t in ttls), ttls
    assert len(set(ttls)) > 1, "entries written together must not expire together"


async def test_a_stuck_lock_holder_does_not_hang_readers(redis_client, keys, catalogue) -> None:
    """Another process took the lock and died: past the deadline a reader asks the source."""
    cache = ProductCache(redis_client, keys, catalogue, Scripts(redis_client), wait_s=0.05)
    await redis_client.set(keys.key("lock", "product", 5), "someone-else", px=10_000)
    product, outcome = await cache.get(5)
    assert product.name == "Descaler" and outcome == "miss"
    # The foreign lock is not ours to release: it stays until it expires.
    assert await redis_client.get(keys.key("lock", "product", 5)) == "someone-else"


async def test_an_unknown_product_is_404_and_not_cached(client, redis_client, keys) -> None:
    assert_problem(await client.get("/products/999"), 404)
    assert not await redis_client.exists(keys.key("cache", "product", 999))
    assert not await redis_client.exists(keys.key("lock", "product", 999))
