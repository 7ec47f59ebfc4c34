from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from course.testing import asgi_client
from day08_middleware.api_key import DEMO_KEY
from day08_middleware.app import create_app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app()) as c:
        yield c


@pytest.fixture
def admin_headers() -> dict[str, str]:
    return {"X-API-Key": DEMO_KEY}
