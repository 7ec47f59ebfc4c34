"""The model layer, narrated: indexes, a duplicate, validated vs lean reads, N+1 vs $in, a bad document.

    python -m day16_odm demo [--books N]

Uses its own database (``day16_odm_demo``) on the backend the banner names — the embedded
nx-27017 unless ``MONGODB_URL`` is set — and drops it at the end. The timings are this
machine's, measured once (best of a few runs): orders of magnitude to compare, not a benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bson import ObjectId

from day16_odm.document import CorruptDocument
from day16_odm.indexes import ensure_indexes, existing_indexes
from day16_odm.models import MODELS, Author, Book
from day16_odm.pagination import page_of
from day16_odm.populate import authors_one_by_one, populate_authors
from shared.backends import describe
from shared.dbwatch import summary, watching
from shared.errors import DomainError
from shared.mongo import open_mongo

DB_NAME = "day16_odm_demo"


def main(argv: list[str]) -> int:
    # The model layer logs what it reports (a corrupt document): show those lines in the story.
    logging.basicConfig(level=logging.WARNING, format="    [log] %(message)s", stream=sys.stdout)
    parser = argparse.ArgumentParser(prog="python -m day16_odm demo", description=__doc__)
    parser.add_argument("--books", type=int, default=3000, help="books to load (default 3000)")
    args = parser.parse_args(argv)
    if not 20 <= args.books <= 100_000:
        parser.error("--books must be between 20 and 100000")
    asyncio.run(run(args.books))
    return 0


async def run(n_books: int) -> None:
    print(f"backend: {describe('mongo')}")
    async with open_mongo(DB_NAME) as db:
        await db.client.drop_database(DB_NAME)  # a clean start, whatever an old run left
        try:
            await narrate(db, n_books)
        finally:
            await db.client.drop_database(DB_NAME)


async def narrate(db: Any, n_books: int) -> None:
    section("1. Indexes declared on the models, created at start-up")
    await ensure_indexes(db, MODELS)
    for model in MODELS:
        for idx in await existing_indexes(db, model):
            keys = ", ".join(f"{f} {'asc' if o == 1 else 'desc'}" for f, o in idx["keys"])
            print(f"  {model.meta.collection:<8} ({keys}){'  unique' if idx['unique'] else ''}")

    section("2. Validation and hooks on the way in; a unique key on the way to the server")
    ada = await Author.create(db, name="  Ada Lovelace ", email="Ada@Example.org")
    print("  Author.create(db, name='  Ada Lovelace ', email='Ada@Example.org')")
    print(f"    -> {ada.model_dump(mode='json')}")
    await show_error(Author.create(db, name="Ada again", email="ada@example.org"))
    await show_error(Author.create(db, name="", email="not-an-address"))

    section(f"3. {n_books} books: validated models vs lean dicts")
    authors = [Author.new(name=f"Author {i}", email=f"a{i}@example.org") for i in range(50)]
    await Author.collection(db).insert_many([a.to_mongo() for a in authors])
    books = [
        Book.new(
            title=f"Book {i}",
            author_id=authors[i % len(authors)].id,
            year=1900 + i % 120,
            tags=["sf", "classic"],
        )
        for i in range(n_books)
    ]
    await Book.collection(db).insert_many([b.to_mongo() for b in books])
    # Rounds interleave the reads, and each keeps its best: the embedded server runs in this
    # process, so one slow round (a GC, the server's thread) must not decide the comparison.
    full = lean = projected = validate_only = float("inf")
    for _ in range(5):
        full = min(full, await timed(Book.find(db).all))
        lean = min(lean, await timed(Book.find(db).lean))
        projected = min(projected, await timed(Book.find(db).select("title").lean))
        raw = await Book.find(db).lean()
        started = time.perf_counter()
        for doc in raw:
            Book.model_validate(doc)
        validate_only = min(validate_only, time.perf_counter() - started)
    print(f"  {'read':<34} {'total':>9} {'per doc':>9}")
    for label, seconds in (
        ("Book.find(db).all()   validated", full),
        ("Book.find(db).lean()  dicts", lean),
        ('.select("title").lean()', projected),
        ("model_validate alone (no I/O)", validate_only),
    ):
        print(f"  {label:<34} {seconds * 1e3:7.1f} ms {seconds / n_books * 1e6:6.1f} µs")
    print(
        f"  validation costs {validate_only / n_books * 1e6:.1f} µs a document, "
        f"{validate_only / full:.0%} of the validated read here: what lean() saves.\n"
        "  The rest is the server and the wire; their share depends on the server, the cost\n"
        "  of validating a document does not."
    )

    section("4. A page of 20 books with their authors: N+1 vs one $in")
    page, cursor = await page_of(Book.find(db), after=None, size=20)
    for label, joiner in (
        ("one find per book (N+1)", authors_one_by_one),
        ("populate: one $in query", populate_authors),
    ):
        with watching() as sent:
            started = time.perf_counter()
            joined = await joiner(db, page)
            seconds = time.perf_counter() - started
        # +1: the page of books itself was one more find
        print(f"  {label:<26} {summary(sent):<10} (+1 for the page) {seconds * 1e3:6.1f} ms")
    assert joined[0].author is not None
    print(f"  first row: {joined[0].title!r} by {joined[0].author.name!r}")
    decoded = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor or "") % 4)) if cursor else b""
    print(f"  next cursor: {cursor}  (base64url of {decoded.decode()})")

    section("5. A document that no longer matches its model")
    bad_id = ObjectId()
    # Written around the model, as an old version of the app or a hand edit in the shell might.
    bad = {**books[0].to_mongo(), "_id": bad_id, "slug": "bad-one", "year": "in the sixties"}
    await Book.collection(db).insert_one(bad)
    try:
        await Book.get(db, bad_id)
    except CorruptDocument as exc:
        print(f"  Book.get -> {exc.status} {exc.title}\n    {exc.detail}")
        for error in exc.extra["errors"]:
            print(f"    {'.'.join(map(str, error['loc']))}: {error['msg']}")
    lean_bad = await Book.find(db, {"_id": bad_id}).select("year").lean()
    print(f"  the lean read returns it without a word: {lean_bad[0]}")


async def show_error(attempt: Awaitable[Any]) -> None:
    try:
        await attempt
    except DomainError as exc:
        print(f"    -> {exc.status} {exc.title or ''}: {exc.detail} {exc.extra or ''}")


async def timed(read: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await read()
    return time.perf_counter() - started


def section(title: str) -> None:
    print(f"\n{title}")
