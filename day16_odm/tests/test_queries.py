"""Query building (filter, sort, limit, projection), lean reads, and ?fields= over HTTP."""

from __future__ import annotations

from datetime import datetime

import pytest
from bson import ObjectId

from day16_odm.models import Author, Book
from day16_odm.query import UnknownField

from .conftest import assert_problem, author, book


@pytest.fixture
async def shelf(mongo_db) -> tuple[Author, list[Book]]:
    ursula = await Author.create(mongo_db, name="Ursula", email="u@example.org")
    books = [
        await Book.create(mongo_db, title=t, author_id=ursula.id, year=y, status=s)
        for t, y, s in (
            ("A Wizard of Earthsea", 1968, "published"),
            ("The Dispossessed", 1974, "published"),
            ("Lavinia", 2008, "draft"),
        )
    ]
    return ursula, books


async def test_find_sort_limit_returns_validated_models(mongo_db, shelf) -> None:
    _, books = shelf
    found = await Book.find(mongo_db, status="published").sort("-year").limit(1).all()
    assert [type(b) for b in found] == [Book]
    assert [b.title for b in found] == ["The Dispossessed"]
    newer = await Book.find(mongo_db, {"year": {"$gte": 1970}}).sort("year").all()
    assert [b.year for b in newer] == [1974, 2008]
    both = Book.find(mongo_db, status="published").where({"year": {"$lt": 1970}})
    assert [b.title for b in await both.all()] == ["A Wizard of Earthsea"]
    assert await Book.find(mongo_db, status="draft").exists()
    assert not await Book.find(mongo_db, status="draft", year=1968).exists()
    # A reference (an ObjectId outside _id) matches too.
    assert len(await Book.find(mongo_db, author_id=books[0].author_id).all()) == 3


async def test_field_names_are_checked_when_the_query_is_built(mongo_db) -> None:
    for build in (
        lambda: Book.find(mongo_db, titel="Solaris"),  # a typo would silently match nothing
        lambda: Book.find(mongo_db, {"$or": [{"year": 1}, {"$where": "sleep(100)"}]}),
        lambda: Book.find(mongo_db).sort("-popularity"),
        lambda: Book.find(mongo_db).select("password"),
    ):
        with pytest.raises(UnknownField):
            build()
    assert Book.find(mongo_db, id=ObjectId()).filter.keys() == {"_id"}  # id means _id


async def test_lean_returns_the_drivers_dicts_unvalidated(mongo_db, shelf) -> None:
    _, books = shelf
    raw = await Book.find(mongo_db, {"_id": books[0].id}).lean()
    assert raw == [books[0].to_mongo()]
    assert isinstance(raw[0]["_id"], ObjectId) and isinstance(raw[0]["created_at"], datetime)
    # No validation: a broken document goes through lean() and is stopped by all().
    await Book.collection(mongo_db).update_one({"_id": books[0].id}, {"$set": {"year": "?"}})
    assert (await Book.find(mongo_db, {"_id": books[0].id}).lean())[0]["year"] == "?"
    with pytest.raises(Exception, match="does not match the Book model"):
        await Book.find(mongo_db, {"_id": books[0].id}).all()


async def test_select_projects_and_needs_lean(mongo_db, shelf) -> None:
    rows = await Book.find(mongo_db).select("title", "year").sort("year").lean()
    assert [set(r) for r in rows] == [{"_id", "title", "year"}] * 3
    with pytest.raises(TypeError, match="use lean"):
        await Book.find(mongo_db).select("title").all()


async def test_fields_parameter_returns_only_the_requested_fields(client) -> None:
    a = await author(client)
    await book(client, a["id"], "Solaris", 1961, tags=["sf"])
    r = await client.get("/books", params={"fields": "title,year"})
    assert r.status_code == 200, r.text
    [item] = r.json()["items"]
    assert item.keys() == {"id", "title", "year"}  # id always comes, like MongoDB's _id
    assert item["title"] == "Solaris" and item["year"] == 1961
    r = await client.get("/books", params={"fields": "created_at,author_id,tags"})
    [item] = r.json()["items"]
    assert item.keys() == {"id", "created_at", "author_id", "tags"}
    assert item["author_id"] == a["id"] and item["created_at"].endswith("Z")


async def test_unknown_or_malformed_fields_are_a_422(client) -> None:
    for fields in ("password", "title,$where", "title,", "", "title year", "_id"):
        body = assert_problem(await client.get("/books", params={"fields": fields}), 422)
        assert body["errors"][0]["loc"] == ["query", "fields"], fields


async def test_filters_over_http(client) -> None:
    ursula, octavia = await author(client, "Ursula"), await author(client, "Octavia")
    await book(client, ursula["id"], "Lavinia", 2008)
    await book(client, octavia["id"], "Kindred", 1979, status="published")
    titles = lambda r: [b["title"] for b in r.json()["items"]]  # noqa: E731
    assert titles(await client.get("/books", params={"author_id": octavia["id"]})) == ["Kindred"]
    assert titles(await client.get("/books", params={"status": "draft"})) == ["Lavinia"]
    assert_problem(await client.get("/books", params={"author_id": "nope"}), 422)
    assert_problem(await client.get("/books", params={"status": "deleted"}), 422)


async def test_equality_goes_as_in_and_finds_references(mongo_db, shelf) -> None:
    ursula, _ = shelf
    query = Book.find(mongo_db, year=1968, author_id=ursula.id)
    # Same documents, same index on MongoDB; and the form the embedded server always matches.
    assert query.filter == {"year": {"$in": [1968]}, "author_id": {"$in": [ursula.id]}}
    assert [b.title for b in await query.all()] == ["A Wizard of Earthsea"]
