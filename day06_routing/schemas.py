"""What may come in and what may go out: Pydantic models at both edges of every route.

``*In`` models validate request bodies (bounded lengths, ranges, an enum, unknown fields
refused) before a handler runs; ``*Out`` models are the ``response_model``s, and FastAPI copies
only their fields into the answer, so an internal field on a record can never leak by accident.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# Whitespace is trimmed before the length check, so "   " is an empty (refused) title.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# The shop sells printed books: Gutenberg's press (c. 1450) is the floor.
Year = Annotated[int, Field(ge=1450, le=2100)]
Cents = Annotated[int, Field(ge=0, le=1_000_000)]


class Genre(StrEnum):
    """An enum in a query or a body: anything else is a 422 that lists the allowed values."""

    fiction = "fiction"
    science = "science"
    history = "history"
    poetry = "poetry"


class Incoming(BaseModel):
    # A typo such as {"titel": ...} is an error, not a silently ignored key; and a client cannot
    # slip in fields the server sets itself (an id, another book's author).
    model_config = ConfigDict(extra="forbid")


class Outgoing(BaseModel):
    # Built from the store's dataclass records by reading their attributes.
    model_config = ConfigDict(from_attributes=True)


class AuthorIn(Incoming):
    name: Name
    born: Year | None = None


class AuthorOut(Outgoing):
    id: int
    name: str
    born: int | None


class BookIn(Incoming):
    title: Title
    author_id: Annotated[int, Field(ge=1)]
    year: Year
    genre: Genre
    price_cents: Cents
    #: write-only: staff send it, BookOut never shows it
    supplier_cost_cents: Cents = 0


class BookOut(Outgoing):
    id: int
    title: str
    author_id: int
    year: int
    genre: Genre
    price_cents: int


class ReviewIn(Incoming):
    rating: Annotated[int, Field(ge=1, le=5)]
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    reviewer: Name


class ReviewOut(Outgoing):
    id: int
    book_id: int
    rating: int
    text: str
    reviewer: str


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list, with what the client needs to ask for the next one."""

    items: list[T]
    total: int
    limit: int
    offset: int
