"""The HTTP surface: CRUD for authors and books, bad ids, bad input — and nothing written."""

from __future__ import annotations

import pytest
from bson import ObjectId

from .conftest import assert_problem, author, book, counts

MISSING = str(ObjectId())


async def test_author_crud(client) -> None:
    a = await author(client, "Octavia Butler", "octavia@example.org")
    assert (await client.get(f"/authors/{a['id']}")).json() == a
    r = await client.patch(f"/authors/{a['id']}", json={"bio": "Kindred."})
    assert r.json()["bio"] == "Kindred."
    assert (await client.get(f"/authors/{a['id']}")).json()["bio"] == "Kindred."
    assert [x["id"] for x in (await client.get("/authors")).json()["items"]] == [a["id"]]
    assert (await client.delete(f"/authors/{a['id']}")).status_code == 204
    assert_problem(await client.get(f"/authors/{a['id']}"), 404)
    assert_problem(await client.delete(f"/authors/{a['id']}"), 404)


async def test_book_crud(client) -> None:
    a = await author(client)
    b = await book(client, a["id"], "The Lathe of Heaven", 1971, tags=["SF", " dreams "])
    assert b["tags"] == ["sf", "dreams"]
    assert (await client.get(f"/books/{b['id']}")).json() == b
    r = await client.patch(f"/books/{b['id']}", json={"status": "published", "tags": []})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["tags"], r.json()["slug"]) == ("published", [], b["slug"])
    assert (await client.delete(f"/books/{b['id']}")).status_code == 204
    assert_problem(await client.get(f"/books/{b['id']}"), 404)


async def test_an_author_with_books_cannot_be_deleted(client, mongo_db) -> None:
    a = await author(client)
    b = await book(client, a["id"], "Solaris", 1961)
    body = assert_problem(await client.delete(f"/authors/{a['id']}"), 409)
    assert "still has books" in body["detail"]
    assert await counts(mongo_db) == (1, 1)
    await client.delete(f"/books/{b['id']}")
    assert (await client.delete(f"/authors/{a['id']}")).status_code == 204


BAD_IDS = ["xyz", "123", "g" * 24, "a" * 25, "a" * 23, "%20" * 8, "aaaaaaaaaaaaaaaaaaaaaaa%0A"]


@pytest.mark.parametrize("collection", ["authors", "books"])
async def test_a_malformed_object_id_is_a_422_never_a_500(client, collection) -> None:
    for bad_id in BAD_IDS:
        for method in ("GET", "PATCH", "DELETE"):
            r = await client.request(method, f"/{collection}/{bad_id}", json={"year": 2000})
            body = assert_problem(r, 422)
            assert body["errors"][0]["type"] == "object_id", (method, bad_id)
            assert bad_id not in body["errors"][0]["msg"]  # the value is not echoed


async def test_a_well_formed_but_unknown_id_is_a_404(client) -> None:
    for collection, patch in (("authors", {"name": "X"}), ("books", {"year": 2000})):
        for method in ("GET", "PATCH", "DELETE"):
            r = await client.request(method, f"/{collection}/{MISSING}", json=patch)
            assert_problem(r, 404)


async def test_a_book_needs_an_existing_author(client, mongo_db) -> None:
    r = await client.post("/books", json={"title": "Orphan", "author_id": MISSING, "year": 2000})
    body = assert_problem(r, 422)
    assert body["type"] == "/problems/unknown-reference"
    assert body["errors"][0]["loc"] == ["body", "author_id"]
    r = await client.post("/books", json={"title": "Orphan", "author_id": "nope", "year": 2000})
    assert_problem(r, 422)
    assert await counts(mongo_db) == (0, 0)


BAD_AUTHORS = [
    {"name": "A", "email": "a@example.org", "role": "admin"},  # unknown field
    {"name": "A", "email": "a@example.org", "id": MISSING},  # the id is ours to choose
    {"name": "A", "email": "a@example.org", "created_at": "2000-01-01T00:00:00Z"},
    {"name": 42, "email": "a@example.org"},  # wrong type
    {"name": "A", "email": {"$ne": None}},  # an operator where a string belongs
    {"name": "A"},  # missing field
    {"name": "A" * 101, "email": "a@example.org"},  # too long
    {"name": "A", "email": "a@example.org", "bio": "x" * 501},
    {"name": "   ", "email": "a@example.org"},  # empty once trimmed
    {"name": "A", "email": "no-at-sign"},
    [],
]
BAD_BOOKS = [
    {"title": "T", "year": 2000, "isbn": "123"},
    {"title": "T", "year": "two thousand"},
    {"title": "T", "year": 99999},
    {"title": "T", "year": 2000, "tags": ["x"] * 11},
    {"title": "T", "year": 2000, "tags": ["x" * 31]},
    {"title": "T", "year": 2000, "status": "deleted"},
    {"title": "T", "year": 2000, "slug": "Not A Slug"},
    {"title": "", "year": 2000},
    {"title": "T" * 201, "year": 2000},
]


async def test_bad_authors_are_refused_and_nothing_is_written(client, mongo_db) -> None:
    for payload in BAD_AUTHORS:
        body = assert_problem(await client.post("/authors", json=payload), 422)
        assert body["errors"], payload
    assert await counts(mongo_db) == (0, 0)


async def test_bad_books_are_refused_and_nothing_is_written(client, mongo_db) -> None:
    a = await author(client)
    for payload in BAD_BOOKS:
        r = await client.post("/books", json={"author_id": a["id"], **payload})
        assert assert_problem(r, 422)["errors"], payload
    assert await counts(mongo_db) == (1, 0)


async def test_bad_patches_change_nothing(client) -> None:
    a = await author(client)
    b = await book(client, a["id"], "Kindred", 1979)
    for patch in ({}, {"role": "admin"}, {"email": "nope"}, {"name": ""}, {"email": None}):
        assert_problem(await client.patch(f"/authors/{a['id']}", json=patch), 422)
    for patch in ({}, {"author_id": MISSING}, {"year": -5000}, {"title": None}, {"tags": "sf"}):
        assert_problem(await client.patch(f"/books/{b['id']}", json=patch), 422)
    assert (await client.get(f"/authors/{a['id']}")).json() == a
    assert (await client.get(f"/books/{b['id']}")).json() == b


async def test_oversized_and_malformed_bodies(client, mongo_db) -> None:
    huge = b'{"name": "' + b"A" * 1_100_000 + b'", "email": "a@example.org"}'
    r = await client.post("/authors", content=huge, headers={"content-type": "application/json"})
    assert_problem(r, 413)
    r = await client.post(
        "/authors", content=b'{"name": "A",', headers={"content-type": "application/json"}
    )
    assert_problem(r, 422)
    assert await counts(mongo_db) == (0, 0)
