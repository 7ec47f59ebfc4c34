"""Indexes declared on the model exist after start-up; a unique index becomes a 409."""

from __future__ import annotations

from bson import ObjectId

from day16_odm.document import Index
from day16_odm.indexes import ensure_indexes, existing_indexes
from day16_odm.models import MODELS, Author, Book

from .conftest import assert_problem, author, book, counts


def declared(model) -> list[dict]:
    return [{"keys": list(idx.keys), "unique": idx.unique} for idx in model.meta.indexes]


async def test_declared_indexes_exist_after_start_up(client, mongo_db) -> None:
    # `client` has entered the app's lifespan, which ran ensure_indexes on this empty database.
    for model in MODELS:
        have = await existing_indexes(mongo_db, model)
        for index in declared(model):
            assert index in have, f"{model.meta.collection} lacks {index}"
    assert {"keys": [("email", 1)], "unique": True} in await existing_indexes(mongo_db, Author)
    assert {"keys": [("slug", 1)], "unique": True} in await existing_indexes(mongo_db, Book)


async def test_ensure_indexes_is_idempotent(mongo_db) -> None:
    await ensure_indexes(mongo_db, MODELS)
    first = await existing_indexes(mongo_db, Book)
    await ensure_indexes(mongo_db, MODELS)  # a restart: nothing new, nothing fails
    assert await existing_indexes(mongo_db, Book) == first


def test_index_declaration_reads_like_mongoose() -> None:
    idx = Index("status", "-year", unique=True)
    assert idx.keys == (("status", 1), ("year", -1)) and idx.unique
    assert idx.name == "status_1_year_-1"


async def test_a_duplicate_email_is_a_409_in_the_shared_format(client, mongo_db) -> None:
    await author(client, "Ursula", "ursula@example.org")
    # A different spelling of the same address: normalised first, so the index catches it.
    r = await client.post("/authors", json={"name": "U.", "email": "URSULA@example.org"})
    body = assert_problem(r, 409)
    assert body["type"] == "/problems/duplicate-key"
    assert body["fields"] == ["email"]
    assert "ursula@" not in body["detail"]  # the field is named, the value is not echoed
    assert body["request_id"] == r.headers["x-request-id"]
    assert await counts(mongo_db) == (1, 0)


async def test_a_duplicate_slug_on_create_and_on_update(client, mongo_db) -> None:
    a = await author(client)
    await book(client, a["id"], "Solaris", 1961)
    r = await client.post("/books", json={"title": "Solaris", "author_id": a["id"], "year": 2002})
    assert assert_problem(r, 409)["fields"] == ["slug"]

    other = await book(client, a["id"], "Fiasco", 1986)
    r = await client.patch(f"/books/{other['id']}", json={"slug": "solaris", "year": 1987})
    assert_problem(r, 409)
    stored = await Book.get(mongo_db, ObjectId(other["id"]))
    assert (stored.slug, stored.year, stored.updated_at) == ("fiasco", 1986, None)
    assert await counts(mongo_db) == (1, 2)
