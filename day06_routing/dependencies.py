"""Dependencies: what Express does with middleware and ``req`` properties, declared per argument.

A handler names what it needs (``store: Store``, ``page: Paging``, ``book: ExistingBook``) and
FastAPI builds it for each request: parses and validates the parameters the dependency itself
declares, runs it, and passes the result in. Because handlers ask for an abstraction instead of
importing a global, a test can swap any of them with ``app.dependency_overrides``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, HTTPException, Path, Query, Request

from day06_routing.store import AuthorRecord, BookRecord, Library

T = TypeVar("T")

# Every dependency here is `async def`: FastAPI runs a plain `def` dependency in a thread pool,
# which costs a thread hop per request and would let two requests touch the store at once.


async def get_store(request: Request) -> Library:
    """The app's one library. ``request.app`` is whichever app is serving: a mounted sub-app
    gets its own ``state``, so the sub-app is handed the store explicitly (see ``legacy.py``)."""
    return request.app.state.store


Store = Annotated[Library, Depends(get_store)]


@dataclass(frozen=True)
class Pagination:
    limit: int
    offset: int

    def of(self, items: list[T]) -> dict[str, object]:
        """This page of ``items``, shaped as ``schemas.Page``."""
        window = items[self.offset : self.offset + self.limit]
        return {"items": window, "total": len(items), "limit": self.limit, "offset": self.offset}


async def pagination(
    # Bounded on both sides: `?limit=1000000` must not turn one request into a full dump.
    limit: Annotated[int, Query(ge=1, le=50, description="items per page")] = 10,
    offset: Annotated[int, Query(ge=0, le=10_000, description="items to skip")] = 0,
) -> Pagination:
    return Pagination(limit=limit, offset=offset)


Paging = Annotated[Pagination, Depends(pagination)]


async def existing_book(store: Store, book_id: Annotated[int, Path(ge=1)]) -> BookRecord:
    """Load ``{book_id}`` or answer 404 — Express's ``router.param('id', ...)``.

    Every route with ``{book_id}`` in its path (books and reviews alike) gets the same check
    from one place, and a dependency's result is cached per request, so it runs once."""
    book = store.books.get(book_id)
    if book is None:
        raise HTTPException(status_code=404, detail=f"no book with id {book_id}")
    return book


ExistingBook = Annotated[BookRecord, Depends(existing_book)]


async def existing_author(store: Store, author_id: Annotated[int, Path(ge=1)]) -> AuthorRecord:
    author = store.authors.get(author_id)
    if author is None:
        raise HTTPException(status_code=404, detail=f"no author with id {author_id}")
    return author


ExistingAuthor = Annotated[AuthorRecord, Depends(existing_author)]
