"""Checks for the Day 13 exercises (README → Exercises). They fail until you solve them:

pytest day13_mongodb_internals/exercises -k range_index
pytest day13_mongodb_internals/exercises -k objectid_from_time
pytest day13_mongodb_internals/exercises -k bson_stream
"""

from __future__ import annotations

import datetime as dt

import bson
import httpx

from course.testing import asgi_client
from day13_mongodb_internals.app import create_app
from day13_mongodb_internals.documents import seed_documents


def assert_problem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    return r.json()


async def test_range_index(mongo_db):
    """1. GET /explain?field=population&value=N explains {"population": {"$gte": N}}, indexed."""
    async with asgi_client(create_app(db=mongo_db)) as c:
        r = await c.get("/explain", params={"field": "population", "value": "4000000"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["query"] == {"population": {"$gte": 4_000_000}}
        assert body["uses_index"] is True and "population" in body["index"]
        expected = sum(1 for city in seed_documents() if city["population"] >= 4_000_000)
        assert body["matching_documents"] == expected
        assert_problem(
            await c.get("/explain", params={"field": "population", "value": "many"}), 422
        )
        # The other fields still explain as before.
        r = await c.get("/explain", params={"field": "name", "value": "City 007"})
        assert r.json()["uses_index"] is False


async def test_objectid_from_time(mongo_db):
    """2. GET /objectid/at/{when}: the smallest ObjectId of that second, with its anatomy."""
    async with asgi_client(create_app(db=mongo_db)) as c:
        r = await c.get("/objectid/at/2024-03-14T15:09:26Z")
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["oid"] == "65f313260000000000000000"
        assert body["generated_at"] == "2024-03-14T15:09:26+00:00"
        assert body["random"] == "0000000000" and body["counter"] == 0
        moment = dt.datetime(2024, 3, 14, 15, 9, 26, tzinfo=dt.UTC)
        assert body["oid"] == str(bson.ObjectId.from_datetime(moment))
        for bad in ("yesterday", "1969-12-31T23:59:59Z", "2107-01-01T00:00:00Z"):
            assert_problem(await c.get(f"/objectid/at/{bad}"), 422)


async def test_bson_stream(mongo_db):
    """3. POST /bson/decode-many: documents back to back, as mongodump writes them."""
    first, second = bson.encode({"a": 1}), bson.encode({"b": "two"})
    async with asgi_client(create_app(db=mongo_db)) as c:
        r = await c.post("/bson/decode-many", json={"hex": (first + second).hex()})
        assert r.status_code == 200, r.text
        assert r.json() == {"documents": [{"a": 1}, {"b": "two"}], "count": 2}
        r = await c.post("/bson/decode-many", json={"hex": (first + second[:-3]).hex()})
        body = assert_problem(r, 422)
        assert body["offset"] == len(first)
        r = await c.post("/bson/decode-many", json={"hex": ""})
        assert r.status_code == 200 and r.json() == {"documents": [], "count": 0}
