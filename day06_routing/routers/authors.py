"""``/authors``: a second router, and a route that reads across resources (an author's books)."""

from __future__ import annotations

from fastapi import APIRouter, status

from day06_routing.dependencies import ExistingAuthor, Paging, Store
from day06_routing.schemas import AuthorIn, AuthorOut, BookOut, Page
from day06_routing.store import AuthorRecord

router = APIRouter(tags=["authors"])


@router.get("", response_model=Page[AuthorOut])
async def list_authors(store: Store, page: Paging) -> dict[str, object]:
    return page.of(list(store.authors.values()))


@router.get("/{author_id}", response_model=AuthorOut)
async def get_author(author: ExistingAuthor) -> AuthorRecord:
    return author


@router.get("/{author_id}/books", response_model=Page[BookOut])
async def books_by_author(author: ExistingAuthor, store: Store, page: Paging) -> dict[str, object]:
    # The same Page[BookOut] as GET /books, so the internal cost stays hidden here too.
    found = store.find_books(author_id=author.id)
    return page.of(found)


@router.post("", response_model=AuthorOut, status_code=status.HTTP_201_CREATED)
async def create_author(author: AuthorIn, store: Store) -> AuthorRecord:
    return store.add_author(author.name, author.born)
