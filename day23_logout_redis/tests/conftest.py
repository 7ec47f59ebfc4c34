"""Day 23 tests run against a real Redis (the ``redis_url`` fixture), never a stand-in.

The app is pointed at it the way a learner would point it: ``REDIS_URL``. Each test gets its
own key prefix, so tests (and anyone else on a shared ``REDIS_URL``) never see each other's
keys, and ``redis_client`` deletes them afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from course.testing import assert_problem
from day23_logout_redis.app import create_app
from shared.settings import get_settings
from shared.tokens import KeyRing, SigningKey

ADA = {"username": "ada", "password": "analytical-engine"}
GRACE = {"username": "grace", "password": "compiler-1952"}
CSRF = {"X-Requested-With": "test"}


@contextlib.contextmanager
def redis_url_set_to(monkeypatch: pytest.MonkeyPatch, url: str) -> Iterator[str]:
    """``REDIS_URL=url`` inside the block, exactly as a learner would configure the lesson."""
    monkeypatch.setenv("REDIS_URL", url)
    get_settings.cache_clear()  # settings are read once per process: read them again
    try:
        yield url
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


@pytest.fixture
def redis_env(monkeypatch: pytest.MonkeyPatch, redis_url: str) -> Iterator[str]:
    """``REDIS_URL`` = the session's real Redis, for this test."""
    with redis_url_set_to(monkeypatch, redis_url):
        yield redis_url


@pytest.fixture
def ring() -> KeyRing:
    """One set of signing keys, shared by every app instance of a test (like JWT_* would)."""
    return KeyRing([SigningKey.ed25519(), SigningKey.hs256()])


@pytest.fixture
def make_app(
    redis_env: str, redis_prefix: str, ring: KeyRing, redis_client: Any
) -> Callable[..., FastAPI]:
    """``make_app(**kwargs)``: another instance of the lesson on the same Redis and keys.

    Requests ``redis_client`` so that whatever the app writes is deleted after the test.
    """

    def make(**kwargs: Any) -> FastAPI:
        return create_app(key_prefix=redis_prefix, keys=ring, **kwargs)

    return make


@pytest.fixture
def app(make_app: Callable[..., FastAPI]) -> FastAPI:
    return make_app()


@contextlib.asynccontextmanager
async def browser(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client over ASGI, on https so that the jar keeps the ``Secure`` cookie."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="https://day23.test") as c:
            yield c


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(app) as c:
        yield c


async def login(client: httpx.AsyncClient, who: dict | None = None) -> dict:
    r = await client.post("/auth/login", json=who or ADA)
    assert r.status_code == 200, r.text
    return r.json()


async def session_login(client: httpx.AsyncClient, who: dict | None = None) -> str:
    """Log in to a server-side session; return the session id the cookie carries."""
    r = await client.post("/sessions/login", json=who or ADA)
    assert r.status_code == 200, r.text
    return r.cookies["__Host-session"]


def bearer(token_or_pair: str | dict) -> dict[str, str]:
    token = token_or_pair if isinstance(token_or_pair, str) else token_or_pair["access_token"]
    return {"Authorization": f"Bearer {token}"}


def cookie(session_id: str) -> dict[str, str]:
    """Present a session id explicitly (a thief's copy), whatever the client's jar holds."""
    return {"Cookie": f"__Host-session={session_id}"}


def assert_refused(r: httpx.Response, reason: str) -> dict:
    body = assert_problem(r, 401)
    assert body["type"] == "/problems/invalid-token" and body["reason"] == reason, body
    assert r.headers["www-authenticate"].startswith('Bearer realm="backend-nexus"')
    return body


async def keys_under(redis: Any, prefix: str) -> list[str]:
    return sorted([key async for key in redis.scan_iter(match=f"{prefix}*", count=500)])
