"""Checks for the Day 15 exercises (README → Exercises). They fail until you solve them:

pytest day15_mongodb_setup/exercises -k stock_adjust
pytest day15_mongodb_setup/exercises -k name_search
pytest day15_mongodb_setup/exercises -k bulk_insert
"""

from __future__ import annotations

import httpx

from course.testing import asgi_client
from day15_mongodb_setup.app import create_app

MUG = {"sku": "MUG-001", "name": "Coffee mug", "category": "kitchen", "price_cents": 1250}


def assert_problem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    return r.json()


async def test_stock_adjust(mongo_db):
    """1. POST /products/{id}/stock {"delta": n}: one atomic $inc, never below zero."""
    async with asgi_client(create_app(db=mongo_db)) as c:
        product = (await c.post("/products", json={**MUG, "stock": 2})).json()
        url = f"/products/{product['id']}/stock"
        r = await c.post(url, json={"delta": 5})
        assert r.status_code == 200, r.text
        assert r.json()["stock"] == 7
        assert (await c.post(url, json={"delta": -7})).json()["stock"] == 0
        body = assert_problem(await c.post(url, json={"delta": -1}), 409)
        assert "stock" in body["detail"]
        assert (await c.get(f"/products/{product['id']}")).json()["stock"] == 0
        for bad in ({"delta": 0}, {"delta": 1_000_001}, {"delta": 1, "x": 1}, {}):
            assert_problem(await c.post(url, json=bad), 422)
        assert_problem(await c.post("/products/not-an-id/stock", json={"delta": 1}), 422)
        assert_problem(await c.post(f"/products/{'0' * 24}/stock", json={"delta": 1}), 404)


async def test_name_search(mongo_db):
    """2. GET /products?q=...: names starting with q, any case — q is text, never a pattern."""
    async with asgi_client(create_app(db=mongo_db)) as c:
        await c.post("/products", json=MUG)
        await c.post("/products", json={**MUG, "sku": "MUG-002", "name": "Tea cup"})
        await c.post("/products", json={**MUG, "sku": "ODD-001", "name": ".* special"})
        found = (await c.get("/products", params={"q": "COF"})).json()
        assert [p["sku"] for p in found["items"]] == ["MUG-001"]
        found = (await c.get("/products", params={"q": ".*"})).json()
        assert [p["sku"] for p in found["items"]] == ["ODD-001"]
        found = (await c.get("/products", params={"q": "cup"})).json()
        assert found["items"] == []  # a prefix, not "contains"
        assert_problem(await c.get("/products", params={"q": "x" * 41}), 422)


async def test_bulk_insert(mongo_db):
    """3. POST /products/bulk: insert_many(ordered=False); duplicates reported, the rest stored."""
    async with asgi_client(create_app(db=mongo_db)) as c:
        await c.post("/products", json=MUG)
        batch = [
            {**MUG, "sku": "NEW-001"},
            {**MUG},  # taken
            {**MUG, "sku": "NEW-002"},
        ]
        r = await c.post("/products/bulk", json={"products": batch})
        assert r.status_code == 200, r.text
        assert r.json() == {"inserted": 2, "duplicates": ["MUG-001"]}
        assert (await c.get("/products")).json()["total"] == 3
        # One bad item refuses the whole request, before anything is written.
        bad = [{**MUG, "sku": "NEW-003"}, {**MUG, "sku": "nope"}]
        assert_problem(await c.post("/products/bulk", json={"products": bad}), 422)
        too_many = [{**MUG, "sku": f"MANY-{i:03d}"} for i in range(101)]
        assert_problem(await c.post("/products/bulk", json={"products": too_many}), 422)
        assert (await c.get("/products")).json()["total"] == 3
