"""An ObjectId: 4 bytes of seconds, 5 random bytes per process, a 3-byte counter."""

from __future__ import annotations

import datetime as dt

from bson import ObjectId

from day13_mongodb_internals.objectid_anatomy import anatomy, fresh

from .conftest import assert_problem


def test_the_three_parts_are_read_from_the_bytes():
    oid = ObjectId("65f31326a1b2c3d4e500002a")
    parts = anatomy(oid)
    assert parts["timestamp"] == 0x65F31326
    assert parts["generated_at"] == "2024-03-14T15:09:26+00:00"
    assert (parts["random"], parts["counter"]) == ("a1b2c3d4e5", 42)
    assert [p["bytes"] for p in parts["parts"]] == ["65f31326", "a1b2c3d4e5", "00002a"]


def test_ids_from_one_process_share_the_random_part_and_count_up():
    first, second, third = (anatomy(oid) for oid in fresh(3))
    assert first["random"] == second["random"] == third["random"]
    assert second["counter"] == (first["counter"] + 1) % 2**24
    assert third["counter"] == (second["counter"] + 1) % 2**24
    made = dt.datetime.fromisoformat(first["generated_at"])
    assert abs((dt.datetime.now(dt.UTC) - made).total_seconds()) < 5


async def test_objectid_endpoints(client):
    r = await client.get("/objectid/65f31326a1b2c3d4e500002a")
    assert r.status_code == 200 and r.json()["counter"] == 42
    r = await client.get("/objectid", params={"count": 2})
    assert r.status_code == 200 and len(r.json()) == 2
    assert_problem(await client.get("/objectid", params={"count": 11}), 422)


async def test_anything_but_24_hex_digits_is_a_422_problem(client):
    for bad in (
        "xyz",
        "65f31326a1b2c3d4e500002",
        "65f31326a1b2c3d4e500002az",
        "abcdefghijkl",
        "z" * 500,
    ):
        body = assert_problem(
            await client.get(f"/objectid/{bad}"), 422, "/problems/invalid-objectid"
        )
        assert "24 hexadecimal digits" in body["detail"]
        assert len(body["detail"]) < 120  # a long id is not echoed back whole
