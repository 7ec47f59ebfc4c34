from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest_asyncio

from course.testing import assert_problem as assert_problem

# Imported before the mongo_db fixture builds its client: the command watcher registers at
# import, and PyMongo reads global listeners when a client is created.
from day17_validation.app import create_app

PROBLEM_JSON = "application/problem+json"
EVE = {
    "username": "eve",
    "email": "eve@example.org",
    "password": "correct horse",
    "display_name": "Eve",
}


@pytest_asyncio.fixture
async def client(mongo_db: Any, client_for: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The lesson's app on this test's own empty database, lifespan (indexes) entered."""
    async with client_for(create_app(mongo_db)) as c:
        yield c


async def stored(db: Any, collection: str) -> int:
    """Documents in ``collection`` now: what "nothing was written" is checked against."""
    return await db[collection].count_documents({})


async def sign_up(c: httpx.AsyncClient, **fields: Any) -> httpx.Response:
    return await c.post("/signup", json={**EVE, **fields})
