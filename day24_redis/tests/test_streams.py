"""Streams with a consumer group: XADD, XREADGROUP, XACK, XPENDING, XCLAIM after a crash."""

from __future__ import annotations

from day24_redis import streams

from .conftest import eventually


async def add_orders(client, *items: str) -> list[str]:
    ids = []
    for item in items:
        r = await client.post("/streams/orders", json={"item": item, "qty": 1})
        assert r.status_code == 201
        ids.append(r.json()["id"])
    return ids


async def test_each_entry_goes_to_one_consumer_of_the_group(client) -> None:
    ids = await add_orders(client, "kettle", "teapot", "mugs")
    c1 = (await client.post("/streams/orders/read", json={"consumer": "c1", "count": 2})).json()
    c2 = (await client.post("/streams/orders/read", json={"consumer": "c2"})).json()
    assert [e["id"] for e in c1] == ids[:2] and [e["id"] for e in c2] == ids[2:]
    assert c1[0]["fields"] == {"item": "kettle", "qty": "1"}
    again = await client.post("/streams/orders/read", json={"consumer": "c1"})
    assert again.json() == []  # ">" means entries never delivered to this group


async def test_read_entries_stay_pending_until_acked(client) -> None:
    ids = await add_orders(client, "kettle", "teapot")
    await client.post("/streams/orders/read", json={"consumer": "c1"})
    pending = (await client.get("/streams/orders/pending")).json()
    assert pending["count"] == 2
    assert [(e["id"], e["consumer"], e["deliveries"]) for e in pending["entries"]] == [
        (ids[0], "c1", 1),
        (ids[1], "c1", 1),
    ]
    acked = await client.post("/streams/orders/ack", json={"ids": ids})
    assert acked.json() == {"acked": 2}
    assert (await client.get("/streams/orders/pending")).json() == {"count": 0, "entries": []}
    again = await client.post("/streams/orders/ack", json={"ids": ids})
    assert again.json() == {"acked": 0}  # XACK is idempotent


async def test_a_crashed_consumers_entries_are_claimed_by_another(
    client, redis_client, keys
) -> None:
    ids = await add_orders(client, "kettle", "teapot")
    await client.post("/streams/orders/read", json={"consumer": "c1"})  # … and c1 dies

    # c1 might just be slow: a long minimum idle time takes nothing from it.
    patient = await client.post(
        "/streams/orders/claim", json={"consumer": "c2", "min_idle_ms": 60_000}
    )
    assert patient.json() == []

    stream = keys.key("stream", "orders")

    async def idle_over_5ms() -> bool:
        rows = await redis_client.xpending_range(stream, "shipping", "-", "+", 10, idle=5)
        return len(rows) == 2

    await eventually(idle_over_5ms)  # "crashed a while ago", without sleeping a fixed time
    claimed = await client.post("/streams/orders/claim", json={"consumer": "c2", "min_idle_ms": 5})
    assert [e["id"] for e in claimed.json()] == ids
    pending = (await client.get("/streams/orders/pending")).json()
    assert [(e["consumer"], e["deliveries"]) for e in pending["entries"]] == [("c2", 2)] * 2
    await client.post("/streams/orders/ack", json={"ids": ids})
    assert (await client.get("/streams/orders/pending")).json()["count"] == 0


async def test_the_group_comes_back_after_the_stream_is_deleted(client, redis_client, keys) -> None:
    await redis_client.delete(keys.key("stream", "orders"))  # someone ran DEL (or FLUSHDB)
    r = await client.post("/streams/orders/read", json={"consumer": "c1"})
    assert r.status_code == 200 and r.json() == []
    ids = await add_orders(client, "kettle")
    got = await client.post("/streams/orders/read", json={"consumer": "c1"})
    assert [e["id"] for e in got.json()] == ids


async def test_xadd_trims_the_stream_approximately(redis_client, keys, monkeypatch) -> None:
    monkeypatch.setattr(streams, "MAX_ENTRIES", 10)
    stream = keys.key("stream", "log")
    for i in range(300):
        await streams.add(redis_client, stream, {"n": str(i)})
    # MAXLEN ~ trims whole internal nodes (100 entries by default), never below the limit.
    assert 10 <= await redis_client.xlen(stream) < 300
