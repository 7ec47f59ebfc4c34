"""Lua scripts via register_script/EVALSHA: a compare-and-set and a counter, both atomic."""

from __future__ import annotations

import asyncio

from day24_redis.scripts import Scripts


async def commandstat(r, name: str) -> int:  # type: ignore[no-untyped-def]
    return (await r.info("commandstats")).get(f"cmdstat_{name}", {}).get("calls", 0)


async def test_of_many_concurrent_compare_and_sets_exactly_one_wins(
    client, redis_client, keys
) -> None:
    await client.put("/strings/config", json={"value": "v1"})
    answers = await asyncio.gather(
        *(
            client.post("/lua/cas/config", json={"expected": "v1", "new": f"v2-{i}"})
            for i in range(20)
        )
    )
    winners = [r.json()["value"] for r in answers if r.json()["swapped"]]
    assert len(winners) == 1
    # The losers are told what is there now, so they can decide again.
    assert {r.json()["value"] for r in answers} == {winners[0]}
    assert await redis_client.get(keys.key("string", "config")) == winners[0]


async def test_cas_with_null_expects_the_key_to_be_absent(client) -> None:
    first = await client.post("/lua/cas/fresh", json={"expected": None, "new": "a"})
    assert first.json() == {"swapped": True, "value": "a"}
    second = await client.post("/lua/cas/fresh", json={"expected": None, "new": "b"})
    assert second.json() == {"swapped": False, "value": "a"}
    absent = await client.post("/lua/cas/missing", json={"expected": "x", "new": "y"})
    assert absent.json() == {"swapped": False, "value": None}


async def test_cas_keeps_the_ttl(client, redis_client, keys) -> None:
    await client.put("/strings/session", json={"value": "1", "ttl_s": 100})
    await client.post("/lua/cas/session", json={"expected": "1", "new": "2"})
    assert 95 <= await redis_client.ttl(keys.key("string", "session")) <= 100


async def test_the_counter_allows_exactly_the_limit_under_concurrency(
    client, redis_client, keys
) -> None:
    answers = await asyncio.gather(
        *(
            client.post("/lua/counters/api", json={"limit": 10, "window_ms": 60_000})
            for _ in range(50)
        )
    )
    assert sum(r.json()["allowed"] for r in answers) == 10
    assert await redis_client.get(keys.key("counter", "api")) == "10"  # refusals do not count
    assert 0 < await redis_client.pttl(keys.key("counter", "api")) <= 60_000


async def test_the_window_resets_when_the_key_expires(client, redis_client, keys) -> None:
    body = {"limit": 1, "window_ms": 60_000}
    assert (await client.post("/lua/counters/w", json=body)).json()["allowed"] is True
    refused = (await client.post("/lua/counters/w", json=body)).json()
    assert refused["allowed"] is False and 0 < refused["reset_ms"] <= 60_000
    await redis_client.delete(keys.key("counter", "w"))  # what PEXPIRE does at the window's end
    assert (await client.post("/lua/counters/w", json=body)).json() == {
        "allowed": True,
        "count": 1,
        "reset_ms": 60_000,
    }


async def test_scripts_run_by_sha_with_evalsha(redis_client, keys) -> None:
    scripts = Scripts(redis_client)
    evalsha_before = await commandstat(redis_client, "evalsha")
    for _ in range(5):
        await scripts.count_hit(keys.key("counter", "sha"), 100, 10_000)
    # The server caches the script under its SHA1; each call sent the hash, not the source.
    assert await redis_client.script_exists(*scripts.shas[1:2]) == [True]
    assert await commandstat(redis_client, "evalsha") - evalsha_before >= 5
