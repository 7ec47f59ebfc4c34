from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from course.testing import asgi_client, assert_problem
from day21_refresh_tokens.app import create_app
from day21_refresh_tokens.refresh_tokens import COLLECTION
from day21_refresh_tokens.rotation import Sessions, utc_now

ADA = {"username": "ada", "password": "analytical-engine"}
GRACE = {"username": "grace", "password": "compiler-1952"}
REFRESH_PROBLEM = "/problems/invalid-refresh-token"
ACCESS_PROBLEM = "/problems/invalid-token"


@pytest.fixture
def app(mongo_db) -> FastAPI:
    """The lesson's app on this test's own database (the fixture opened it; the app uses it)."""
    return create_app(database=lambda: contextlib.nullcontext(mongo_db))


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as c:
        yield c


@pytest.fixture
def tokens(mongo_db) -> Any:
    """The refresh_tokens collection, to look at what the lesson really stored."""
    return mongo_db[COLLECTION]


def travel(app: FastAPI, **delta: float) -> None:
    """Move the app's refresh-token clock forward (access tokens keep real time)."""
    app.state.clock = lambda: utc_now() + timedelta(**delta)


async def login(client: httpx.AsyncClient, who: dict | None = None, device: str = "laptop") -> dict:
    r = await client.post("/auth/login", json={**(who or ADA), "device": device})
    assert r.status_code == 200, r.text
    return r.json()


async def refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/auth/refresh", json={"refresh_token": token})


def bearer(pair_or_token: dict | str) -> dict[str, str]:
    token = pair_or_token if isinstance(pair_or_token, str) else pair_or_token["access_token"]
    return {"Authorization": f"Bearer {token}"}


def assert_refused(r: httpx.Response, reason: str, kind: str = REFRESH_PROBLEM) -> dict:
    """401, problem+json, an RFC 6750 challenge, and the check that refused it."""
    body = assert_problem(r, 401)
    assert body["type"] == kind, body
    assert body["reason"] == reason, body
    assert r.headers["www-authenticate"].startswith('Bearer realm="backend-nexus"')
    return body


async def snapshot(tokens: Any) -> list[dict]:
    return await tokens.find({}).sort("_id", 1).to_list(None)


def hold_at_the_atomic_step(monkeypatch: pytest.MonkeyPatch, parties: int = 2) -> None:
    """Hold every refresh at ``Sessions._consume`` until ``parties`` of them have got there.

    So all of them have passed the read ("this token is unused") before any writes: the worst
    interleaving for the server, made certain instead of left to the scheduler.
    """
    barrier = asyncio.Barrier(parties)
    consume = Sessions._consume

    async def together(self, *args):
        await asyncio.wait_for(barrier.wait(), 5)
        return await consume(self, *args)

    monkeypatch.setattr(Sessions, "_consume", together)
