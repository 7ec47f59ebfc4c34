"""An in-memory library: the one shared object every router reaches through ``Depends``.

Records are plain dataclasses and hold fields the API must never show (what a book costs us,
who wrote a review from which address). The routers return these records as they are and let
the response models decide what leaves the process — see ``schemas.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from typing import Any


@dataclass
class AuthorRecord:
    id: int
    name: str
    born: int | None = None


@dataclass
class BookRecord:
    id: int
    title: str
    author_id: int
    year: int
    genre: str
    price_cents: int
    #: internal: what the supplier charges us; a customer must never see the margin
    supplier_cost_cents: int = 0


@dataclass
class ReviewRecord:
    id: int
    book_id: int
    rating: int
    text: str
    reviewer: str
    #: internal: kept to trace abuse, never returned
    reviewer_ip: str = ""


@dataclass
class Library:
    """Authors, books and reviews in dicts. One instance per app (see ``app.create_app``)."""

    authors: dict[int, AuthorRecord] = field(default_factory=dict)
    books: dict[int, BookRecord] = field(default_factory=dict)
    reviews: dict[int, ReviewRecord] = field(default_factory=dict)
    # One counter per kind, never reused: a deleted book's id must not come back as another book.
    _author_ids: count = field(default_factory=lambda: count(1), repr=False)
    _book_ids: count = field(default_factory=lambda: count(1), repr=False)
    _review_ids: count = field(default_factory=lambda: count(1), repr=False)

    # The handlers are all `async def`, so they run one at a time on the event loop and these
    # read-modify-write steps cannot interleave. A sync `def` handler would run in a thread pool,
    # and a shared dict would then need a lock.

    def add_author(self, name: str, born: int | None = None) -> AuthorRecord:
        author = AuthorRecord(id=next(self._author_ids), name=name, born=born)
        self.authors[author.id] = author
        return author

    def add_book(self, **fields: Any) -> BookRecord:
        book = BookRecord(id=next(self._book_ids), **fields)
        self.books[book.id] = book
        return book

    def add_review(self, **fields: Any) -> ReviewRecord:
        review = ReviewRecord(id=next(self._review_ids), **fields)
        self.reviews[review.id] = review
        return review

    def delete_book(self, book_id: int) -> None:
        del self.books[book_id]
        # No orphans: a book's reviews go with it.
        for review_id in [r.id for r in self.reviews.values() if r.book_id == book_id]:
            del self.reviews[review_id]

    def find_books(
        self, *, genre: str | None = None, author_id: int | None = None, q: str | None = None
    ) -> list[BookRecord]:
        found = self.books.values()
        if genre is not None:
            found = [b for b in found if b.genre == genre]
        if author_id is not None:
            found = [b for b in found if b.author_id == author_id]
        if q is not None:
            found = [b for b in found if q.casefold() in b.title.casefold()]
        return list(found)

    def reviews_of(self, book_id: int) -> list[ReviewRecord]:
        return [r for r in self.reviews.values() if r.book_id == book_id]

    @classmethod
    def seeded(cls) -> Library:
        """A small catalogue, so ``GET /books`` shows something on first run."""
        lib = cls()
        le_guin = lib.add_author("Ursula K. Le Guin", 1929)
        sagan = lib.add_author("Carl Sagan", 1934)
        beard = lib.add_author("Mary Beard", 1955)
        for title, author, year, genre, price in [
            ("A Wizard of Earthsea", le_guin, 1968, "fiction", 1099),
            ("The Left Hand of Darkness", le_guin, 1969, "fiction", 1299),
            ("Cosmos", sagan, 1980, "science", 1599),
            ("Pale Blue Dot", sagan, 1994, "science", 1499),
            ("SPQR", beard, 2015, "history", 1899),
        ]:
            lib.add_book(
                title=title,
                author_id=author.id,
                year=year,
                genre=genre,
                price_cents=price,
                supplier_cost_cents=price * 6 // 10,
            )
        cosmos = next(b for b in lib.books.values() if b.title == "Cosmos")
        lib.add_review(
            book_id=cosmos.id,
            rating=5,
            text="Still the best first book about the universe.",
            reviewer="ada",
            reviewer_ip="192.0.2.10",
        )
        return lib
