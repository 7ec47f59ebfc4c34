from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from course.testing import asgi_client
from course.testing import assert_problem as assert_problem
from day15_mongodb_setup.app import create_app

MUG = {"sku": "MUG-001", "name": "Coffee mug", "category": "kitchen", "price_cents": 1250}


@pytest.fixture
def app(mongo_db: Any) -> FastAPI:
    """The lesson's app on this test's own database (its lifespan creates the indexes)."""
    return create_app(db=mongo_db)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as c:
        yield c
