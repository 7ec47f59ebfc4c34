"""Strings: SET with EX and NX, INCR that loses nothing, GETEX that extends a TTL."""

from __future__ import annotations

import asyncio

from .conftest import assert_problem, eventually


async def test_set_with_ex_gives_the_key_a_lifetime(client, redis_client, keys) -> None:
    r = await client.put("/strings/session", json={"value": "ada", "ttl_s": 60})
    assert r.status_code == 200
    assert r.json() == {"name": "session", "value": "ada", "ttl_s": 60}
    assert await redis_client.get(keys.key("string", "session")) == "ada"
    assert 55 <= await redis_client.ttl(keys.key("string", "session")) <= 60

    plain = await client.put("/strings/forever", json={"value": "x"})
    assert plain.json()["ttl_s"] is None
    assert await redis_client.ttl(keys.key("string", "forever")) == -1  # no expiry


async def test_nx_writes_only_when_the_key_is_new(client, redis_client, keys) -> None:
    first = await client.put("/strings/lock", json={"value": "worker-1", "only_if_new": True})
    assert first.status_code == 200
    second = await client.put("/strings/lock", json={"value": "worker-2", "only_if_new": True})
    assert_problem(second, 409)
    assert await redis_client.get(keys.key("string", "lock")) == "worker-1"


async def test_nx_lets_exactly_one_of_many_concurrent_writers_win(
    client, redis_client, keys
) -> None:
    answers = await asyncio.gather(
        *(
            client.put("/strings/leader", json={"value": f"w{i}", "only_if_new": True})
            for i in range(20)
        )
    )
    winners = [r for r in answers if r.status_code == 200]
    assert len(winners) == 1
    assert sorted(r.status_code for r in answers) == [200] + [409] * 19
    assert await redis_client.get(keys.key("string", "leader")) == winners[0].json()["value"]


async def test_incr_is_atomic_under_concurrency(client, redis_client, keys) -> None:
    await asyncio.gather(*(client.post("/strings/views/incr", json={}) for _ in range(50)))
    assert await redis_client.get(keys.key("string", "views")) == "50"
    r = await client.post("/strings/views/incr", json={"by": -10})
    assert r.json() == {"name": "views", "value": 40}


async def test_incr_keeps_the_ttl(client, redis_client, keys) -> None:
    await client.put("/strings/daily", json={"value": "0", "ttl_s": 3600})
    await client.post("/strings/daily/incr", json={})
    assert 3590 <= await redis_client.ttl(keys.key("string", "daily")) <= 3600


async def test_incr_on_text_is_a_conflict_and_changes_nothing(client, redis_client, keys) -> None:
    await client.put("/strings/greeting", json={"value": "hello"})
    body = assert_problem(await client.post("/strings/greeting/incr", json={}), 409)
    assert "not an integer" in body["detail"]
    assert await redis_client.get(keys.key("string", "greeting")) == "hello"


async def test_getex_reads_and_extends_the_ttl_in_one_command(client, redis_client, keys) -> None:
    await client.put("/strings/token", json={"value": "t", "ttl_s": 10})
    plain = await client.get("/strings/token")
    assert plain.json()["ttl_s"] <= 10
    extended = await client.get("/strings/token", params={"extend_ttl_s": 600})
    assert extended.json() == {"name": "token", "value": "t", "ttl_s": 600}
    assert await redis_client.ttl(keys.key("string", "token")) > 590


async def test_an_expired_or_missing_key_is_404(client, redis_client, keys) -> None:
    assert_problem(await client.get("/strings/nothing"), 404)
    await redis_client.set(keys.key("string", "brief"), "x", px=1)

    async def gone() -> bool:
        return not await redis_client.exists(keys.key("string", "brief"))

    await eventually(gone)  # Redis expired it by itself
    assert_problem(await client.get("/strings/brief"), 404)
