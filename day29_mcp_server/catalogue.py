"""The library: books to search and reading notes to keep — knowing nothing of HTTP or MCP.

Both doors of the lesson call this one service: the REST routes in ``app.py`` and the MCP
tools, resources and prompts in ``mcp_server.py``. The limits on a note live here once, as
``Annotated`` types, and each door turns them into its own schema: OpenAPI for REST, the
tool's input JSON Schema for MCP.
"""

from __future__ import annotations

import itertools
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.errors import Conflict, NotFound

#: the notebook is kept in memory, so it is bounded like everything a client can grow
MAX_NOTES = 200

Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
    Field(description="A short title for the note"),
]
Body = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=4000),
    Field(description="The note itself, plain text or Markdown"),
]
BookId = Annotated[int, Field(ge=1, le=1_000_000, description="A book's id, from search_books")]
NoteId = Annotated[int, Field(ge=1, le=1_000_000, description="A note's id, from add_note")]
Query = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    Field(description="Words to look for in titles, authors and subjects; all must match"),
]
Limit = Annotated[int, Field(ge=1, le=20, description="How many books to return at most")]


class Book(BaseModel):
    id: int
    title: str
    author: str
    year: int
    subjects: list[str]


class NoteIn(BaseModel):
    """What a client sends to create a note (REST body; the MCP tool takes the same fields)."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    body: Body
    book_id: BookId | None = None


class Note(BaseModel):
    id: int
    title: str
    body: str
    book_id: int | None = None


class Stats(BaseModel):
    books: int
    notes: int
    notes_capacity: int
    subjects: list[str]


BOOKS = (
    Book(
        id=1,
        title="Designing Data-Intensive Applications",
        author="Martin Kleppmann",
        year=2017,
        subjects=["databases", "distributed systems"],
    ),
    Book(
        id=2,
        title="Release It!",
        author="Michael T. Nygard",
        year=2018,
        subjects=["operations", "resilience"],
    ),
    Book(
        id=3,
        title="Site Reliability Engineering",
        author="Betsy Beyer, Chris Jones, Jennifer Petoff, Niall Richard Murphy",
        year=2016,
        subjects=["operations", "reliability"],
    ),
    Book(
        id=4,
        title="High Performance Browser Networking",
        author="Ilya Grigorik",
        year=2013,
        subjects=["networking", "http"],
    ),
    Book(
        id=5,
        title="Understanding Distributed Systems",
        author="Roberto Vitillo",
        year=2021,
        subjects=["distributed systems", "reliability"],
    ),
    Book(
        id=6,
        title="Database Internals",
        author="Alex Petrov",
        year=2019,
        subjects=["databases", "storage engines", "distributed systems"],
    ),
    Book(
        id=7,
        title="Building Microservices",
        author="Sam Newman",
        year=2021,
        subjects=["architecture", "distributed systems"],
    ),
    Book(
        id=8,
        title="The Pragmatic Programmer",
        author="David Thomas, Andrew Hunt",
        year=2019,
        subjects=["craft"],
    ),
)


class NotebookFull(Conflict):
    """The notebook holds MAX_NOTES already (409)."""


class Library:
    """The catalogue (read-only) and the notebook (bounded, in memory).

    Every method is synchronous and never awaits, and every caller runs on the event loop
    (the routes and the MCP handlers are all ``async def``), so no two calls interleave and
    no lock is needed.
    """

    def __init__(self, books: tuple[Book, ...] = BOOKS, max_notes: int = MAX_NOTES) -> None:
        self._books = {book.id: book for book in books}
        self._notes: dict[int, Note] = {}
        self._ids = itertools.count(1)
        self.max_notes = max_notes

    def search_books(self, query: str = "", limit: int = 5) -> list[Book]:
        words = query.casefold().split()
        found = [book for book in self._books.values() if all(w in _haystack(book) for w in words)]
        return found[:limit]

    def get_book(self, book_id: int) -> Book:
        try:
            return self._books[book_id]
        except KeyError:
            raise NotFound(f"no book with id {book_id}") from None

    def add_note(self, note: NoteIn) -> Note:
        if note.book_id is not None:
            self.get_book(note.book_id)  # a note about a book that does not exist is refused
        if len(self._notes) >= self.max_notes:
            raise NotebookFull(f"the notebook is full ({self.max_notes} notes)")
        stored = Note(id=next(self._ids), **note.model_dump())
        self._notes[stored.id] = stored
        return stored

    def get_note(self, note_id: int) -> Note:
        try:
            return self._notes[note_id]
        except KeyError:
            raise NotFound(f"no note with id {note_id}") from None

    def list_notes(self) -> list[Note]:
        return list(self._notes.values())

    def stats(self) -> Stats:
        subjects = sorted({s for book in self._books.values() for s in book.subjects})
        return Stats(
            books=len(self._books),
            notes=len(self._notes),
            notes_capacity=self.max_notes,
            subjects=subjects,
        )


def _haystack(book: Book) -> str:
    return " ".join([book.title, book.author, *book.subjects]).casefold()
