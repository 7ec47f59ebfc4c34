"""Schemas as Pydantic models: id <-> _id, validation in and out, defaults and hooks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bson import ObjectId

from day16_odm.document import CorruptDocument, InvalidInput
from day16_odm.models import Author, Book

from .conftest import assert_problem, author, book, counts

# --- the mapping -----------------------------------------------------------------------------


def test_id_is_underscore_id_in_mongo_and_id_in_json() -> None:
    ada = Author(name="Ada", email="ada@example.org")
    stored = ada.to_mongo()
    assert isinstance(stored["_id"], ObjectId) and "id" not in stored
    assert list(stored)[0] == "_id"
    assert Author.from_mongo(stored) == ada
    as_json = ada.model_dump(mode="json")
    assert as_json["id"] == str(ada.id) and "_id" not in as_json


async def test_a_created_document_reads_back_equal(mongo_db) -> None:
    created = await Author.create(mongo_db, name="Ada", email="ada@example.org")
    raw = await Author.collection(mongo_db).find_one({"_id": created.id})
    assert raw is not None and raw["email"] == "ada@example.org"
    assert await Author.get(mongo_db, created.id) == created  # timestamps survive the trip


# --- validation on the way in ----------------------------------------------------------------


async def test_invalid_fields_are_refused_before_anything_is_written(mongo_db) -> None:
    with pytest.raises(InvalidInput) as caught:
        await Author.create(mongo_db, name="", email="nope", nickname="x")
    errors = {tuple(e["loc"]): e["type"] for e in caught.value.extra["errors"]}
    assert errors == {
        ("name",): "string_too_short",
        ("email",): "string_pattern_mismatch",
        ("nickname",): "extra_forbidden",  # the model is strict: no field it does not declare
    }
    assert await Author.collection(mongo_db).count_documents({}) == 0


async def test_a_lone_surrogate_is_a_422_not_a_driver_error(client, mongo_db) -> None:
    # Valid JSON, but no UTF-8 can hold it, so BSON cannot either.
    body = b'{"name": "A\\ud800", "email": "a@example.org"}'
    r = await client.post("/authors", content=body, headers={"content-type": "application/json"})
    assert_problem(r, 422)
    assert await counts(mongo_db) == (0, 0)


# --- validation on the way out ---------------------------------------------------------------


async def test_a_stored_document_that_breaks_the_schema_is_reported_clearly(
    client, mongo_db, caplog
) -> None:
    ursula = await author(client)
    good = await book(client, ursula["id"], "The Dispossessed", 1974)
    bad_id = ObjectId()
    raw = await Book.collection(mongo_db).find_one({"_id": ObjectId(good["id"])})
    # Written around the model — an older app version, a hand edit in the shell.
    await Book.collection(mongo_db).insert_one(
        {**raw, "_id": bad_id, "slug": "bad", "year": "in the seventies", "isbn": "123"}
    )

    r = await client.get(f"/books/{bad_id}")
    body = assert_problem(r, 500)
    assert body["type"] == "/problems/corrupt-document"
    assert body["collection"] == "books" and body["document_id"] == str(bad_id)
    assert {tuple(e["loc"]) for e in body["errors"]} == {("year",), ("isbn",)}
    assert "seventies" not in r.text  # fields are named, stored values are not repeated
    assert f"books/{bad_id}" in caplog.text  # and the log says which document to fix

    # A list that meets it says so too, rather than skipping it quietly.
    assert_problem(await client.get("/books"), 500)
    # The good document is unaffected.
    assert (await client.get(f"/books/{good['id']}")).status_code == 200


async def test_from_mongo_raises_corrupt_document(mongo_db) -> None:
    with pytest.raises(CorruptDocument) as caught:
        Author.from_mongo({"_id": ObjectId(), "name": "X"})  # no email
    assert caught.value.status == 500
    assert caught.value.extra["errors"][0]["loc"] == ["email"]


# --- defaults and hooks ----------------------------------------------------------------------


async def test_defaults_and_hooks_fill_in_the_document(client, mongo_db) -> None:
    before = datetime.now(UTC)
    a = await author(client, "Ursula Le Guin", "  Ursula@Example.ORG ")
    assert a["email"] == "ursula@example.org"  # lowercase + trim, before the unique index sees it
    b = await book(client, a["id"], "Der Zauberberg! (2nd ed.)", 1924)
    assert b["slug"] == "der-zauberberg-2nd-ed"  # derived from the title
    assert b["status"] == "draft" and b["tags"] == []  # defaults
    assert b["updated_at"] is None

    raw = await Book.collection(mongo_db).find_one({"_id": ObjectId(b["id"])})
    assert raw["status"] == "draft"  # defaults are written, not only shown
    created = raw["created_at"]
    assert created.tzinfo is not None and created.microsecond % 1000 == 0  # BSON keeps ms
    assert before.replace(microsecond=0) <= created <= datetime.now(UTC)
    # What the API answered is what a later read returns, to the millisecond.
    assert (await client.get(f"/books/{b['id']}")).json()["created_at"] == b["created_at"]


async def test_update_sets_updated_at_and_keeps_created_at(client) -> None:
    a = await author(client)
    r = await client.patch(f"/authors/{a['id']}", json={"bio": "Wrote Earthsea."})
    assert r.status_code == 200, r.text
    changed = r.json()
    assert changed["bio"] == "Wrote Earthsea." and changed["created_at"] == a["created_at"]
    assert changed["updated_at"] is not None
    # as times: "…:55Z" (a whole second) sorts after "…:55.003Z" as text
    parse = datetime.fromisoformat
    assert parse(changed["updated_at"]) >= parse(a["created_at"])


async def test_a_title_with_no_letters_gives_no_slug_and_a_422(client, mongo_db) -> None:
    a = await author(client)
    r = await client.post("/books", json={"title": "!!!", "author_id": a["id"], "year": 2000})
    body = assert_problem(r, 422)
    assert body["type"] == "/problems/invalid-document"
    assert body["errors"][0]["loc"] == ["slug"]
    assert await counts(mongo_db) == (1, 0)


async def test_an_update_is_validated_against_the_whole_document(client, mongo_db) -> None:
    a = await author(client)
    # AuthorPatch accepts null (to clear the bio); the merged document refuses a null name.
    body = assert_problem(await client.patch(f"/authors/{a['id']}", json={"name": None}), 422)
    assert body["errors"][0]["loc"] == ["name"]
    stored = await Author.get(mongo_db, ObjectId(a["id"]))
    assert stored.name == a["name"] and stored.updated_at is None  # nothing written
