from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from course.testing import asgi_client, assert_problem
from day20_jwt.app import create_app

ADA = {"username": "ada", "password": "analytical-engine"}
GRACE = {"username": "grace", "password": "compiler-1952"}


@pytest.fixture
def app() -> FastAPI:
    return create_app()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A plain API client over http: its jar never returns a ``Secure`` cookie, so only the
    headers a test sends are sent."""
    async with asgi_client(app) as c:
        yield c


@pytest.fixture
async def browser(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Like a browser: over https, with a cookie jar that stores and returns Secure cookies."""
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="https://lesson.test") as c:
        yield c


async def login(client: httpx.AsyncClient, who: dict | None = None, **extra) -> str:
    r = await client.post("/auth/login", json={**(who or ADA), **extra})
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_refused(r: httpx.Response, reason: str) -> dict:
    """401, problem+json, the RFC 6750 challenge, and the check that refused it."""
    body = assert_problem(r, 401)
    assert body["type"] == "/problems/invalid-token"
    assert body["reason"] == reason, body
    challenge = r.headers["www-authenticate"]
    assert challenge.startswith("Bearer ") and 'error="invalid_token"' in challenge
    return body
