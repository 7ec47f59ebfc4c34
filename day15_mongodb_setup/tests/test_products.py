"""CRUD on MongoDB through the API, and every refusal leaving the collection as it was."""

from __future__ import annotations

import datetime as dt

from bson import ObjectId

from day15_mongodb_setup.products import COLLECTION, build_filter

from .conftest import MUG, assert_problem

PAN = {"sku": "PAN-002", "name": "Pan", "category": "kitchen", "price_cents": 3900, "stock": 4}
LAMP = {
    "sku": "LAMP-3",
    "name": "Lamp",
    "category": "lighting",
    "price_cents": 2500,
    "tags": ["led"],
}


async def count(app) -> int:
    return await app.state.db[COLLECTION].count_documents({})


async def test_create_stores_a_document_with_an_objectid(client, app):
    r = await client.post("/products", json={**MUG, "tags": ["ceramic"]})
    assert r.status_code == 201
    body = r.json()
    assert r.headers["location"] == f"/products/{body['id']}"
    stored = await app.state.db[COLLECTION].find_one({"_id": ObjectId(body["id"])})
    assert stored["sku"] == "MUG-001" and stored["tags"] == ["ceramic"] and stored["stock"] == 0
    assert isinstance(stored["created_at"], dt.datetime)  # a BSON date, not a string
    assert body["created_at"] == stored["created_at"].isoformat().replace("+00:00", "Z")


async def test_get_by_id(client):
    created = (await client.post("/products", json=MUG)).json()
    r = await client.get(f"/products/{created['id']}")
    assert r.status_code == 200 and r.json() == created


async def test_list_with_a_filter_a_sort_and_a_limit(client):
    for product in (PAN, LAMP, MUG):
        assert (await client.post("/products", json=product)).status_code == 201
    page = (await client.get("/products", params={"category": "kitchen"})).json()
    assert [p["sku"] for p in page["items"]] == ["MUG-001", "PAN-002"]  # sorted by sku
    assert page["filter"] == {"category": "kitchen"} and page["total"] == 2
    page = (await client.get("/products", params={"limit": 1, "skip": 1})).json()
    assert [p["sku"] for p in page["items"]] == ["MUG-001"] and page["total"] == 3
    page = (await client.get("/products", params={"tag": "led", "min_price": 2000})).json()
    assert [p["sku"] for p in page["items"]] == ["LAMP-3"]
    assert page["filter"] == {"tags": "led", "price_cents": {"$gte": 2000}}
    page = (await client.get("/products", params={"in_stock": "true"})).json()
    assert [p["sku"] for p in page["items"]] == ["PAN-002"]


def test_the_filter_is_built_from_typed_values_only():
    assert build_filter() == {}
    assert build_filter("kitchen", None, 100, 900, False) == {
        "category": "kitchen",
        "price_cents": {"$gte": 100, "$lte": 900},
        "stock": 0,
    }


async def test_update_sets_only_what_was_sent(client, app):
    created = (await client.post("/products", json={**MUG, "tags": ["ceramic"]})).json()
    r = await client.patch(f"/products/{created['id']}", json={"price_cents": 990})
    assert r.status_code == 200
    updated = r.json()
    assert updated["price_cents"] == 990
    assert {k: v for k, v in updated.items() if k not in ("price_cents", "updated_at")} == {
        k: v for k, v in created.items() if k not in ("price_cents", "updated_at")
    }
    # $currentDate: the server's clock. Compared as times, not strings: JSON writes a time on a
    # whole second without its fraction, and "…:55Z" sorts after "…:55.003Z" as text.
    parse = dt.datetime.fromisoformat
    assert parse(updated["updated_at"]) >= parse(created["updated_at"])


async def test_delete(client, app):
    created = (await client.post("/products", json=MUG)).json()
    r = await client.delete(f"/products/{created['id']}")
    assert r.status_code == 204 and r.content == b""
    assert await count(app) == 0
    assert_problem(await client.get(f"/products/{created['id']}"), 404)
    assert_problem(await client.delete(f"/products/{created['id']}"), 404)


async def test_a_duplicate_sku_is_409_thanks_to_a_unique_index(client, app):
    indexes = [ix async for ix in await app.state.db[COLLECTION].list_indexes()]
    assert any(dict(ix["key"]) == {"sku": 1} and ix.get("unique") for ix in indexes)
    first = (await client.post("/products", json=MUG)).json()
    pan = (await client.post("/products", json=PAN)).json()
    body = assert_problem(
        await client.post("/products", json={**MUG, "name": "Another mug"}),
        409,
        "/problems/duplicate-sku",
    )
    assert body["sku"] == "MUG-001" and await count(app) == 2
    # Renaming a product onto a taken sku is refused the same way, and changes nothing.
    assert_problem(await client.patch(f"/products/{pan['id']}", json={"sku": "MUG-001"}), 409)
    assert (await client.get(f"/products/{pan['id']}")).json() == pan
    assert (await client.get(f"/products/{first['id']}")).json() == first


async def test_a_malformed_id_is_422_a_missing_one_404(client, app):
    await client.post("/products", json=MUG)
    for bad in ("xyz", "123", "65f31326a1b2c3d4e500002z", "65f31326a1b2c3d4e500002a0"):
        for method in ("GET", "DELETE"):
            body = assert_problem(await client.request(method, f"/products/{bad}"), 422)
            assert body["type"] == "/problems/invalid-objectid"
        assert_problem(await client.patch(f"/products/{bad}", json={"stock": 1}), 422)
    missing = str(ObjectId())
    assert_problem(await client.get(f"/products/{missing}"), 404)
    assert_problem(await client.patch(f"/products/{missing}", json={"stock": 1}), 404)
    assert_problem(await client.get("/products/" + "a" * 65), 422)
    assert await count(app) == 1


async def test_bad_input_is_refused_and_writes_nothing(client, app):
    created = (await client.post("/products", json=MUG)).json()
    for bad in (
        {**MUG, "sku": "NEW-1", "colour": "red"},  # unknown field
        {**MUG, "sku": "new-1"},  # lower case
        {**MUG, "sku": "X"},
        {**MUG, "sku": "NEW-1", "price_cents": -1},
        {**MUG, "sku": "NEW-1", "price_cents": "12.50"},
        {**MUG, "sku": "NEW-1", "tags": ["t"] * 11},
        {**MUG, "sku": "NEW-1", "name": "x" * 121},
        {**MUG, "sku": {"$ne": None}},  # an operator where a value belongs
        {"sku": "NEW-1"},
    ):
        assert_problem(await client.post("/products", json=bad), 422)
    for patch in ({}, {"price_cents": None}, {"colour": "red"}, {"stock": -1}, {"sku": "x"}):
        assert_problem(await client.patch(f"/products/{created['id']}", json=patch), 422)
    r = await client.post(
        "/products",
        content=b'{"sku": "BIG-1", "name": "' + b"x" * 1_100_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert_problem(r, 413)
    assert await count(app) == 1
    assert (await client.get(f"/products/{created['id']}")).json() == created
    for params in (
        {"limit": 0},
        {"limit": 101},
        {"skip": -1},
        {"category": "$where"},
        {"min_price": "x"},
    ):
        assert_problem(await client.get("/products", params=params), 422)
