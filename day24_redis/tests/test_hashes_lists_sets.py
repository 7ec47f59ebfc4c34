"""Hashes changed field by field, a list used as a blocking FIFO queue, sets and SINTER."""

from __future__ import annotations

import asyncio

from .conftest import assert_problem, eventually


async def test_hset_writes_fields_and_hincrby_changes_one(client, redis_client, keys) -> None:
    r = await client.put("/profiles/ada", json={"name": "Ada", "city": "London"})
    assert r.json() == {"user": "ada", "name": "Ada", "city": "London", "visits": 0}
    await asyncio.gather(*(client.post("/profiles/ada/visits") for _ in range(20)))
    # Updating name/city again leaves the counter alone: HSET touches only the fields given.
    await client.put("/profiles/ada", json={"name": "Ada Lovelace", "city": "London"})
    stored = await redis_client.hgetall(keys.key("profile", "ada"))
    assert stored == {"name": "Ada Lovelace", "city": "London", "visits": "20"}
    assert (await client.get("/profiles/ada")).json()["visits"] == 20


async def test_unknown_profile_is_404_and_a_visit_creates_nothing(
    client, redis_client, keys
) -> None:
    assert_problem(await client.get("/profiles/nobody"), 404)
    assert_problem(await client.post("/profiles/nobody/visits"), 404)
    assert not await redis_client.exists(keys.key("profile", "nobody"))


async def test_the_queue_is_first_in_first_out(client) -> None:
    for job in ("a", "b", "c"):
        assert (await client.post("/queue/jobs", json={"job": job})).status_code == 201
    assert (await client.get("/queue/jobs")).json() == {"jobs": ["a", "b", "c"]}
    taken = [
        (await client.post("/queue/jobs/take", json={"wait_ms": 0})).json()["job"] for _ in "abc"
    ]
    assert taken == ["a", "b", "c"]
    empty = await client.post("/queue/jobs/take", json={"wait_ms": 0})
    assert empty.json() == {"job": None}


async def test_brpop_blocks_until_a_job_arrives(client, redis_client) -> None:
    async def blocked_clients() -> int:
        return (await redis_client.info("clients"))["blocked_clients"]

    before = await blocked_clients()
    worker = asyncio.create_task(client.post("/queue/jobs/take", json={"wait_ms": 1000}))

    async def waiting_in_redis() -> bool:
        return await blocked_clients() > before

    await eventually(waiting_in_redis)  # the worker sits in BRPOP, inside Redis
    assert not worker.done()
    await client.post("/queue/jobs", json={"job": "wake up"})
    assert (await asyncio.wait_for(worker, 2)).json() == {"job": "wake up"}


async def test_brpop_gives_up_after_its_timeout(client) -> None:
    r = await client.post("/queue/jobs/take", json={"wait_ms": 20})
    assert r.json() == {"job": None}


async def test_sadd_counts_only_new_members(client, redis_client, keys) -> None:
    first = await client.post("/sets/python", json={"members": ["ada", "grace", "ada"]})
    assert first.json() == {"added": 2, "size": 2}
    again = await client.post("/sets/python", json={"members": ["grace", "linus"]})
    assert again.json() == {"added": 1, "size": 3}
    assert await redis_client.smembers(keys.key("set", "python")) == {"ada", "grace", "linus"}


async def test_sinter_returns_what_every_set_shares(client) -> None:
    await client.post("/sets/python", json={"members": ["ada", "grace", "linus"]})
    await client.post("/sets/rust", json={"members": ["grace", "linus", "ken"]})
    await client.post("/sets/c", json={"members": ["ken", "linus"]})
    two = await client.get("/sets/python/common", params={"with": "rust"})
    assert two.json() == {"members": ["grace", "linus"]}
    three = await client.get("/sets/python/common", params=[("with", "rust"), ("with", "c")])
    assert three.json() == {"members": ["linus"]}
    none = await client.get("/sets/python/common", params={"with": "nobody-likes-this"})
    assert none.json() == {"members": []}
