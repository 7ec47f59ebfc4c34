from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from course.testing import asgi_client
from course.testing import assert_problem as assert_problem
from day13_mongodb_internals.app import create_app


@pytest.fixture
def app(mongo_db: Any) -> FastAPI:
    """The lesson's app on this test's own database (seeded and indexed by its lifespan)."""
    return create_app(db=mongo_db)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as c:
        yield c
