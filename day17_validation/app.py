"""Day 17 app: accounts, comments and the lax/strict pair — every input typed, bounded, normalised.

The routes live beside the idea each shows: ``accounts.py`` (sign-up, login: injection and mass
assignment stopped), ``comments.py`` (stored as written, escaped in the HTML view),
``coercion.py`` (lax vs strict). ``vulnerable.py`` — the injectable versions — is not mounted:
the tests and the demo call it directly, so the published API has no hole to find.

Every response carries ``x-db-commands`` (``shared/dbwatch.py``): ``none`` on a refused injection is the
proof that it never reached the database.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from fastapi import FastAPI
from starlette.middleware import Middleware

from day17_validation import LESSON, accounts, coercion, comments
from shared.dbwatch import ShowCommands
from shared.mongo import mongo_lifespan
from shared.service import create_service

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase

DB_NAME = "day17_validation"

SAMPLE_COMMENTS = [
    {"name": "Ada", "text": "Welcome! Comments here are stored exactly as written.", "tags": []},
    {
        "name": "Mallory\"><svg onload=alert('name')>",
        "text": "Nice page <script>alert('xss')</script>\nView the source: it is only text.",
        "tags": ["xss"],
    },
]


def create_app(
    db: AsyncDatabase | None = None, *, db_name: str = DB_NAME, seed: bool | None = None
) -> FastAPI:
    """The lesson's app. ``db``: use this database (tests) instead of opening ``db_name``.

    ``seed`` adds an ``admin`` account (with a random password nobody knows: the target of
    the injection you will try) and two comments on ``/pages/welcome`` to an empty database;
    by default only when the app opens its own database, never a test's.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if db is None:
                await stack.enter_async_context(mongo_lifespan(db_name)(app))
            else:
                app.state.db = db
            # Before the first request: a unique index that does not exist yet protects nothing.
            await accounts.ensure_indexes(app.state.db)
            await comments.ensure_indexes(app.state.db)
            if seed if seed is not None else db is None:
                await seed_sample_data(app.state.db)
            yield

    app = create_service(LESSON, lifespan=lifespan, middleware=[Middleware(ShowCommands)])
    app.include_router(accounts.router)
    app.include_router(comments.router)
    app.include_router(coercion.router)
    return app


async def seed_sample_data(db: AsyncDatabase) -> None:
    if await db[accounts.USERS].count_documents({}) == 0:
        password = secrets.token_urlsafe(16)  # shown nowhere: log in as admin if you can
        await db[accounts.USERS].insert_one(
            {
                "username": "admin",
                "email": "admin@example.org",
                "display_name": "Administrator",
                "password_hash": await asyncio.to_thread(accounts.hash_password, password),
                "role": "admin",
                "preferences": {},
                "created_at": datetime.now(UTC),
            }
        )
    if await db[comments.COMMENTS].count_documents({}) == 0:
        now = datetime.now(UTC)
        await db[comments.COMMENTS].insert_many(
            [{"page": "welcome", "website": None, "created_at": now, **c} for c in SAMPLE_COMMENTS]
        )
