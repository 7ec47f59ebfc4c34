"""Avoiding N+1: a page of books with authors is two finds, counted by command monitoring."""

from __future__ import annotations

from bson import ObjectId

from day16_odm.models import Author, Book
from day16_odm.populate import authors_one_by_one, populate_authors
from shared.dbwatch import HEADER, counts, watching

from .conftest import assert_problem


async def library(db, n_authors: int = 4, n_books: int = 12) -> list[Author]:
    authors = [Author.new(name=f"A{i}", email=f"a{i}@example.org") for i in range(n_authors)]
    await Author.collection(db).insert_many([a.to_mongo() for a in authors])
    books = [
        Book.new(title=f"B{i}", author_id=authors[i % n_authors].id, year=1990 + i)
        for i in range(n_books)
    ]
    await Book.collection(db).insert_many([b.to_mongo() for b in books])
    return authors


async def test_a_page_with_authors_costs_two_finds(client, mongo_db) -> None:
    await library(mongo_db)
    with watching() as sent:
        r = await client.get("/books/with-authors", params={"limit": 10})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert len(items) == 10 and all(b["author"]["id"] == b["author_id"] for b in items)
    # One find for the page of books, one $in find for all their authors. Nothing else.
    assert counts(sent) == {"find": 2}
    assert r.headers[HEADER] == "find=2"


async def test_the_naive_join_costs_one_find_per_book(client, mongo_db) -> None:
    await library(mongo_db)
    r = await client.get("/books/with-authors", params={"limit": 10, "join": "naive"})
    assert r.status_code == 200
    assert r.headers[HEADER] == "find=11"  # 1 + N: it grows with the page
    fast = await client.get("/books/with-authors", params={"limit": 10})
    assert r.json() == fast.json()  # same answer, 11 round trips instead of 2


async def test_the_count_does_not_grow_with_the_page(client, mongo_db) -> None:
    await library(mongo_db, n_authors=30, n_books=60)
    for limit in (1, 20, 50):
        r = await client.get("/books/with-authors", params={"limit": limit})
        assert r.headers[HEADER] == "find=2", limit


async def test_populate_asks_once_for_distinct_authors(mongo_db) -> None:
    authors = await library(mongo_db, n_authors=2, n_books=6)
    books = await Book.find(mongo_db).all()
    with watching() as sent:
        joined = await populate_authors(mongo_db, books)
    assert counts(sent) == {"find": 1}
    assert {b.author.id for b in joined} == {a.id for a in authors}
    with watching() as sent:
        await authors_one_by_one(mongo_db, books)
    assert counts(sent) == {"find": 6}
    with watching() as sent:
        assert await populate_authors(mongo_db, []) == []
    assert counts(sent) == {}  # an empty page asks nothing


async def test_a_missing_author_is_null_not_an_error(client, mongo_db) -> None:
    [gone] = await library(mongo_db, n_authors=1, n_books=2)
    await Author.collection(mongo_db).delete_one({"_id": gone.id})  # around the API's check
    r = await client.get("/books/with-authors")
    assert r.status_code == 200
    assert [b["author"] for b in r.json()["items"]] == [None, None]


async def test_counting_scopes_nest_and_stay_per_task(mongo_db) -> None:
    with watching() as outer:
        await Author.find(mongo_db).lean()
        with watching() as inner:
            await Author.collection(mongo_db).insert_one({"_id": ObjectId()})
        assert counts(inner) == {"insert": 1}
    assert counts(outer) == {"find": 1, "insert": 1}


async def test_with_authors_rejects_bad_input(client) -> None:
    assert_problem(await client.get("/books/with-authors", params={"join": "lookup"}), 422)
    assert_problem(await client.get("/books/with-authors", params={"after": "x"}), 422)
