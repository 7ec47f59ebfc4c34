"""Checks for the Day 16 exercises (README → Exercises). They fail until you solve them.

pytest day16_odm/exercises -k authors_with_books
pytest day16_odm/exercises -k tag_filter
pytest day16_odm/exercises -k signed_cursor
"""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
from bson import ObjectId

from course.testing import asgi_client
from day16_odm.app import create_app
from day16_odm.indexes import existing_indexes
from day16_odm.models import Author, Book
from shared.dbwatch import HEADER


async def seed(db: Any, n_authors: int = 3, per_author: int = 3) -> list[Author]:
    authors = [Author.new(name=f"A{i}", email=f"a{i}@example.org") for i in range(n_authors)]
    await Author.collection(db).insert_many([a.to_mongo() for a in authors])
    books = [
        Book.new(title=f"{a.name} book {j}", author_id=a.id, year=2000 + j, tags=["SF", f"t{j}"])
        for a in authors
        for j in range(per_author)
    ]
    await Book.collection(db).insert_many([b.to_mongo() for b in books])
    return authors


async def test_authors_with_books(mongo_db) -> None:
    """1. GET /authors/with-books: a page of authors, each with its books, in two finds."""
    authors = await seed(mongo_db)
    async with asgi_client(create_app(mongo_db)) as c:
        r = await c.get("/authors/with-books", params={"limit": 2})
        assert r.status_code == 200, r.text
        assert r.headers[HEADER] == "find=2"  # the page of authors + one $in for their books
        page = r.json()
        assert [a["id"] for a in page["items"]] == [str(a.id) for a in authors[::-1][:2]]
        for item in page["items"]:
            assert len(item["books"]) == 3
            assert all(
                b.keys() == {"id", "title", "year"} for b in item["books"]
            )  # lean, projected
            assert all(b["title"].startswith(item["name"]) for b in item["books"])
        rest = await c.get("/authors/with-books", params={"limit": 2, "after": page["next"]})
        assert [a["id"] for a in rest.json()["items"]] == [str(authors[0].id)]
        assert (await c.get("/authors/with-books", params={"limit": 101})).status_code == 422


async def test_tag_filter(mongo_db) -> None:
    """2. GET /books?tag=sf, backed by an index on tags declared on the Book model."""
    await seed(mongo_db)
    async with asgi_client(create_app(mongo_db)) as c:
        assert {"keys": [("tags", 1)], "unique": False} in await existing_indexes(mongo_db, Book)
        r = await c.get("/books", params={"tag": "T1", "limit": 100})
        assert r.status_code == 200, r.text
        assert sorted(b["title"] for b in r.json()["items"]) == [f"A{i} book 1" for i in range(3)]
        assert len((await c.get("/books", params={"tag": "sf", "limit": 100})).json()["items"]) == 9
        assert (await c.get("/books", params={"tag": "x" * 31})).status_code == 422
        assert (await c.get("/books", params={"tag": "none"})).json()["items"] == []


def _forge(after: ObjectId) -> str:
    raw = json.dumps({"v": 1, "after": str(after)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def _page(c: httpx.AsyncClient, after: str | None) -> httpx.Response:
    return await c.get("/books", params={"limit": 2, **({"after": after} if after else {})})


async def test_signed_cursor(mongo_db) -> None:
    """3. Cursors carry an HMAC: a well-formed cursor the API did not issue is a 422."""
    await seed(mongo_db)
    async with asgi_client(create_app(mongo_db)) as c:
        first = (await _page(c, None)).json()
        assert (await _page(c, first["next"])).status_code == 200  # an issued cursor still works
        last_id = ObjectId(first["items"][-1]["id"])
        forged = await _page(c, _forge(last_id))  # the unsigned format of today's lesson
        assert forged.status_code == 422, "a hand-made cursor must be refused"
        assert forged.json()["type"] == "/problems/invalid-cursor"
        flipped = (
            first["next"][:-2] + ("A" if first["next"][-2] != "A" else "B") + first["next"][-1]
        )
        assert (await _page(c, flipped)).status_code == 422
