"""``/v0``: a whole second app mounted under a prefix — Express's ``app.use('/v0', legacyApp)``.

``include_router`` merges routes into *one* app (one OpenAPI, one set of overrides and
handlers). ``app.mount`` instead hands every path under ``/v0`` to another ASGI app that keeps
its own everything: its own ``/v0/docs``, its own ``state``, its own ``dependency_overrides``.
Old clients keep the old shape (``name``, not ``title``) while the main API moves on.
"""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel

from day06_routing.dependencies import Store
from day06_routing.store import Library


class V0Book(BaseModel):
    id: int
    name: str
    author: str


def create_legacy_app(store: Library) -> FastAPI:
    legacy = FastAPI(
        title="Books API v0 (legacy, read-only)",
        description="The first version of the books API, kept for old clients. Use /books.",
        version="0.9.0",
    )
    # The sub-app has its own `state`; sharing the library is an explicit choice made here.
    legacy.state.store = store

    @legacy.get("/books", response_model=list[V0Book])
    async def list_books_v0(store: Store) -> list[V0Book]:
        return [
            V0Book(id=b.id, name=b.title, author=store.authors[b.author_id].name)
            for b in store.books.values()
        ]

    return legacy
