"""Cursor pagination: every item once, newest first, bounded pages, opaque cursors checked."""

from __future__ import annotations

import base64
import json

import pytest
from bson import ObjectId

from day16_odm.models import Author, Book
from day16_odm.pagination import InvalidCursor, decode_cursor, encode_cursor

from .conftest import assert_problem, author


async def fill(db, n: int) -> list[str]:
    """n books, oldest first; their ids as the API shows them."""
    ursula = await Author.create(db, name="Ursula", email="u@example.org")
    docs = [Book.new(title=f"Book {i}", author_id=ursula.id, year=2000) for i in range(n)]
    await Book.collection(db).insert_many([d.to_mongo() for d in docs])
    return [str(d.id) for d in docs]


async def walk(client, path: str, limit: int) -> list[list[str]]:
    pages, after = [], None
    while True:
        params = {"limit": limit, **({"after": after} if after else {})}
        r = await client.get(path, params=params)
        assert r.status_code == 200, r.text
        pages.append([item["id"] for item in r.json()["items"]])
        after = r.json()["next"]
        if after is None:
            return pages


@pytest.mark.parametrize("path", ["/books", "/books/with-authors"])
async def test_pages_cover_everything_once_newest_first(client, mongo_db, path) -> None:
    ids = await fill(mongo_db, 7)
    pages = await walk(client, path, limit=3)
    assert [len(p) for p in pages] == [3, 3, 1]  # no empty last page: limit+1 tells us
    assert sum(pages, []) == ids[::-1]


async def test_an_exact_multiple_has_no_extra_page(client, mongo_db) -> None:
    await fill(mongo_db, 4)
    assert [len(p) for p in await walk(client, "/books", limit=2)] == [2, 2]


async def test_keyset_pages_stay_stable_while_others_insert(client, mongo_db) -> None:
    ids = await fill(mongo_db, 4)
    first = (await client.get("/books", params={"limit": 2})).json()
    a = await author(client, "Octavia")
    # New books land *before* the cursor (newer ids), so page 2 neither repeats nor skips.
    for title in ("New 1", "New 2"):
        r = await client.post("/books", json={"title": title, "author_id": a["id"], "year": 2024})
        assert r.status_code == 201
    second = (await client.get("/books", params={"limit": 2, "after": first["next"]})).json()
    assert [b["id"] for b in second["items"]] == ids[1::-1]
    assert second["next"] is None


async def test_page_size_outside_the_limit_is_refused(client) -> None:
    for limit in (0, -1, 101, 10_000):
        for path in ("/books", "/authors", "/books/with-authors"):
            body = assert_problem(await client.get(path, params={"limit": limit}), 422)
            assert body["errors"][0]["loc"] == ["query", "limit"]
    assert (await client.get("/books", params={"limit": 100})).status_code == 200


def forged(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


GOOD = str(ObjectId())
BAD_CURSORS = [
    "garbage!",  # not base64url
    "eyJ2Ijox",  # base64 of a truncated JSON object
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),  # not UTF-8
    forged([1, 2]),
    forged({"v": 1, "after": {"$gt": ""}}),  # an operator smuggled in
    forged({"v": 1, "after": "not-an-id"}),
    forged({"v": 2, "after": GOOD}),  # a version this API never issued
    forged({"v": True, "after": GOOD}),
    forged({"v": 1, "after": GOOD, "admin": True}),
    forged({"v": 1, "after": GOOD + "\n"}),
]


async def test_a_tampered_or_garbage_cursor_is_a_422(client, mongo_db) -> None:
    await fill(mongo_db, 3)
    for cursor in BAD_CURSORS:
        body = assert_problem(await client.get("/books", params={"after": cursor}), 422)
        assert body["type"] == "/problems/invalid-cursor", cursor
        with pytest.raises(InvalidCursor):
            decode_cursor(cursor)
    assert (
        await client.get("/books", params={"after": forged({"v": 1, "after": GOOD})})
    ).status_code == 200


def test_a_cursor_is_opaque_and_round_trips() -> None:
    oid = ObjectId()
    cursor = encode_cursor(oid)
    assert str(oid) not in cursor and set(cursor) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )  # URL-safe, no padding: it goes in a query string as it is
    assert decode_cursor(cursor) == oid


async def test_an_oversized_cursor_is_refused_before_decoding(client) -> None:
    body = assert_problem(await client.get("/books", params={"after": "A" * 201}), 422)
    assert body["errors"][0]["loc"] == ["query", "after"]
