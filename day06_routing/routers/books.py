"""``/books``: an ``APIRouter`` is ``express.Router()`` — routes that know nothing of their prefix.

Each handler's arguments say where its inputs come from: ``book_id`` is in the path, ``genre``
and ``q`` in the query string, ``book`` (a Pydantic model) in the JSON body. FastAPI parses,
converts and validates all of them before the handler runs; a handler only ever sees good data.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from fastapi.exceptions import RequestValidationError

from day06_routing.dependencies import ExistingBook, Paging, Store
from day06_routing.schemas import BookIn, BookOut, Genre, Page
from day06_routing.store import BookRecord

router = APIRouter(tags=["books"])


@router.get("", response_model=Page[BookOut])
async def list_books(
    store: Store,
    page: Paging,
    genre: Genre | None = None,
    author_id: Annotated[int | None, Query(ge=1)] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="title has")] = None,
) -> dict[str, object]:
    """``GET /books?genre=science&q=dot&limit=5&offset=0`` — Express: ``req.query``, unparsed."""
    found = store.find_books(genre=genre, author_id=author_id, q=q)
    return page.of(found)


@router.get("/{book_id}", response_model=BookOut)
async def get_book(book: ExistingBook) -> BookRecord:
    # The record carries `supplier_cost_cents`; `response_model=BookOut` drops it on the way out.
    # The return annotation says what the handler returns, `response_model` what the client gets.
    return book


@router.post("", response_model=BookOut, status_code=status.HTTP_201_CREATED)
async def create_book(book: BookIn, store: Store, response: Response) -> BookRecord:
    """Express: ``res.status(201).location(...).json(book)``; here the status is declared."""
    if book.author_id not in store.authors:
        # Pydantic cannot know which authors exist; the store can. Raising the same error type
        # FastAPI raises for a bad field gives the client one 422 format, the documented one.
        raise RequestValidationError(
            [
                {
                    "type": "unknown_author",
                    "loc": ("body", "author_id"),
                    "msg": f"no author with id {book.author_id}",
                    "input": book.author_id,
                }
            ]
        )
    created = store.add_book(**book.model_dump())
    response.headers["Location"] = f"/books/{created.id}"
    return created


@router.delete("/{book_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_book(book: ExistingBook, store: Store) -> None:
    store.delete_book(book.id)
