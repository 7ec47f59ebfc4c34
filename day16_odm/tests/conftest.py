from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest_asyncio

from course.testing import assert_problem as assert_problem

# Imported before the mongo_db fixture builds its client: the command counter is registered
# at import, and PyMongo reads global listeners when a client is created.
from day16_odm.app import create_app
from day16_odm.models import Author, Book


@pytest_asyncio.fixture
async def client(mongo_db: Any, client_for: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The lesson's app on this test's own empty database, lifespan (indexes) entered."""
    async with client_for(create_app(mongo_db)) as c:
        yield c


async def author(c: httpx.AsyncClient, name: str = "Ursula", email: str | None = None) -> dict:
    email = email or f"{name.lower().replace(' ', '.')}@example.org"
    r = await c.post("/authors", json={"name": name, "email": email})
    assert r.status_code == 201, r.text
    return r.json()


async def book(
    c: httpx.AsyncClient, author_id: str, title: str, year: int = 1970, **extra: Any
) -> dict:
    r = await c.post("/books", json={"title": title, "author_id": author_id, "year": year, **extra})
    assert r.status_code == 201, r.text
    return r.json()


async def counts(db: Any) -> tuple[int, int]:
    """(authors, books) stored right now: what 'nothing was written' is checked against."""
    return (
        await Author.collection(db).count_documents({}),
        await Book.collection(db).count_documents({}),
    )
