"""``/books/{book_id}/reviews``: a router whose prefix holds a path parameter.

Express needs ``express.Router({ mergeParams: true })`` for a nested router to see
``req.params.book_id``; here the router's routes simply declare the ``existing_book``
dependency, which reads ``book_id`` from the full path and 404s for an unknown book.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from day06_routing.dependencies import ExistingBook, Paging, Store
from day06_routing.schemas import Page, ReviewIn, ReviewOut
from day06_routing.store import ReviewRecord

router = APIRouter(tags=["reviews"])


@router.get("", response_model=Page[ReviewOut])
async def list_reviews(book: ExistingBook, store: Store, page: Paging) -> dict[str, object]:
    found = store.reviews_of(book.id)
    return page.of(found)


@router.post("", response_model=ReviewOut, status_code=status.HTTP_201_CREATED)
async def add_review(
    review: ReviewIn, book: ExistingBook, store: Store, request: Request
) -> ReviewRecord:
    # `Request` is Starlette's request object, the `req` of Express, when a handler needs more
    # than its typed parameters: here the client address, kept but never shown (ReviewOut).
    client_ip = request.client.host if request.client else ""
    return store.add_review(book_id=book.id, reviewer_ip=client_ip, **review.model_dump())
