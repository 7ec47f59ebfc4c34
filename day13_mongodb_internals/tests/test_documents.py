"""Documents, collections and _id: unique, immutable, an ObjectId made by the driver."""

from __future__ import annotations

import datetime as dt

import pytest
from bson import ObjectId
from pymongo.errors import OperationFailure

from day13_mongodb_internals.documents import COLLECTION, SEED_SIZE, insert_city

from .conftest import assert_problem

LIMA = {"name": "Lima", "country": "Peru", "population": 10_000_000}


async def test_the_first_insert_creates_the_collection(mongo_db):
    assert COLLECTION not in await mongo_db.list_collection_names()
    city = dict(LIMA)
    await insert_city(mongo_db, city)
    assert COLLECTION in await mongo_db.list_collection_names()
    # No schema was declared: a document of another shape goes in just as well.
    await mongo_db[COLLECTION].insert_one({"name": "Atlantis", "sunk": True})
    assert await mongo_db[COLLECTION].count_documents({}) == 2


async def test_the_driver_makes_the_objectid_before_sending(mongo_db):
    city = dict(LIMA)
    await insert_city(mongo_db, city)
    # insert_one added _id to *our* dict: it was made here, not by the server.
    assert isinstance(city["_id"], ObjectId)
    assert abs((dt.datetime.now(dt.UTC) - city["_id"].generation_time).total_seconds()) < 5
    stored = await mongo_db[COLLECTION].find_one({"name": "Lima"})
    assert stored["_id"] == city["_id"]


async def test_default_id_over_http(client):
    r = await client.post("/cities", json=LIMA)
    assert r.status_code == 201
    body = r.json()
    assert body["id_type"] == "ObjectId" and len(body["_id"]) == 24
    assert body["id_created_at"] is not None
    got = await client.get(f"/cities/{body['_id']}")
    assert got.status_code == 200 and got.json() == body


async def test_id_is_unique_and_any_type_you_choose(client, app):
    cities = app.state.db[COLLECTION]
    r = await client.post("/cities", json={"_id": "lima", **LIMA})
    assert r.status_code == 201 and r.json()["id_type"] == "string"
    before = await cities.count_documents({})
    body = assert_problem(
        await client.post("/cities", json={"_id": "lima", **LIMA, "name": "Other"}),
        409,
        "/problems/duplicate-id",
    )
    assert body["id"] == "lima"
    assert await cities.count_documents({}) == before
    assert (await client.get("/cities/lima")).json()["name"] == "Lima"


async def test_id_is_immutable(client, app):
    await client.post("/cities", json={"_id": "lima", **LIMA})
    r = await client.patch("/cities/lima", json={"_id": "callao"})
    body = assert_problem(r, 422)
    assert "_id is immutable" in body["errors"][0]["msg"]
    assert await app.state.db[COLLECTION].find_one({"_id": "callao"}) is None
    r = await client.patch("/cities/lima", json={"population": 11_000_000})
    assert r.status_code == 200 and r.json()["population"] == 11_000_000


@pytest.mark.real_mongo
async def test_mongodb_itself_refuses_to_change_id(mongo_db):
    """Error 66, ImmutableField (nx-27017 accepts this update; a real mongod does not)."""
    result = await mongo_db.t.insert_one({"x": 1})
    with pytest.raises(OperationFailure) as caught:
        await mongo_db.t.update_one({"_id": result.inserted_id}, {"$set": {"_id": "other"}})
    assert caught.value.code == 66


async def test_the_id_index_is_always_there_and_unique(client):
    r = await client.get("/indexes")
    indexes = {tuple(ix["key"]): ix for ix in r.json()["indexes"]}
    assert indexes[("_id",)]["unique"] is True
    assert ("country",) in indexes and indexes[("country",)]["unique"] is False


async def test_bad_input_is_refused_and_writes_nothing(client, app):
    cities = app.state.db[COLLECTION]
    assert await cities.count_documents({}) == SEED_SIZE
    for bad in (
        {**LIMA, "mayor": "x"},  # unknown field
        {**LIMA, "id": "lima"},  # the field is called _id
        {**LIMA, "_id": ["a"]},  # an array can never be an _id
        {**LIMA, "_id": "a b"},
        {**LIMA, "population": -1},
        {**LIMA, "name": "x" * 81},
        {"name": "Lima"},
    ):
        assert_problem(await client.post("/cities", json=bad), 422)
    for patch in ({}, {"population": None}, {"mayor": "x"}, {"name": ""}):
        assert_problem(await client.patch("/cities/lima", json=patch), 422)
    assert await cities.count_documents({}) == SEED_SIZE
    assert_problem(await client.get("/cities/nowhere"), 404)
    assert_problem(await client.get(f"/cities/{ObjectId()}"), 404)
    assert_problem(await client.patch("/cities/nowhere", json={"population": 1}), 404)
    assert_problem(await client.get("/cities/" + "x" * 65), 422)
