"""The books API assembled: routers included under prefixes, a legacy app mounted at ``/v0``.

Reading this file is reading an Express ``app.js``: create the app, ``app.use`` each router
under its path, ``app.use`` a sub-app. ``create_app`` is a factory, so every call (every test,
every ``--reload``) gets a fresh app with its own library.
"""

from __future__ import annotations

from fastapi import FastAPI

from day06_routing import LESSON, anatomy
from day06_routing.legacy import create_legacy_app
from day06_routing.routers import authors, books, reviews
from day06_routing.store import Library
from shared.app import create_app as create_lesson_app


def create_app(store: Library | None = None) -> FastAPI:
    app = create_lesson_app(LESSON)  # `/health`, `/`, and a request-body size limit
    app.state.store = store if store is not None else Library.seeded()

    # app.use('/books', booksRouter) — the prefix lives here, so a router can be reused elsewhere.
    app.include_router(books.router, prefix="/books")
    app.include_router(authors.router, prefix="/authors")
    app.include_router(reviews.router, prefix="/books/{book_id}/reviews")
    app.include_router(anatomy.router)

    # app.use('/v0', legacyApp) — a separate app with its own docs at /v0/docs.
    app.mount("/v0", create_legacy_app(app.state.store))
    return app
