"""Checks for the Day 23 exercises (README → Exercises). They fail until you solve them.

pytest day23_logout_redis/exercises -k logout_all
pytest day23_logout_redis/exercises -k absolute_timeout
pytest day23_logout_redis/exercises -k revoke_endpoint

They run against a real Redis, like the lesson's tests (``REDIS_URL``, else a private
redis-server the fixtures start), under a key prefix of their own.
"""

from __future__ import annotations

import contextlib
import time

import httpx
import pytest

from day23_logout_redis.app import create_app
from day23_logout_redis.keyspace import Keyspace
from day23_logout_redis.sessions import id_hash
from shared.settings import get_settings

ADA = {"username": "ada", "password": "analytical-engine"}
GRACE = {"username": "grace", "password": "compiler-1952"}
HOUR = 3600


@pytest.fixture
def app(monkeypatch, redis_url, redis_prefix, redis_client):
    monkeypatch.setenv("REDIS_URL", redis_url)
    get_settings.cache_clear()
    yield create_app(key_prefix=redis_prefix)
    monkeypatch.undo()
    get_settings.cache_clear()


@contextlib.asynccontextmanager
async def browser(app):
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app)
        async with httpx.AsyncClient(transport=transport, base_url="https://day23.test") as c:
            yield c


async def token(client, who=ADA) -> dict[str, str]:
    r = await client.post("/auth/login", json=who)
    assert r.status_code == 200
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def test_logout_all(app, redis_client, redis_prefix):
    """1. POST /auth/logout-all ends every access token of yours issued so far."""
    async with browser(app) as client:
        laptop, phone, grace = await token(client), await token(client), await token(client, GRACE)
        r = await client.post("/auth/logout-all", headers=laptop)
        assert r.status_code in (200, 204), f"POST /auth/logout-all answered {r.status_code}"
        for old in (laptop, phone):
            refused = await client.get("/me", headers=old)
            assert refused.status_code == 401, "a token issued before logout-all still works"
            assert refused.json()["reason"] == "revoked"
        assert (await client.get("/me", headers=grace)).status_code == 200, "grace is untouched"
        # A login right after (in the same second, even) must work: watch out for iat's
        # one-second resolution.
        fresh = await token(client)
        assert (await client.get("/me", headers=fresh)).status_code == 200
        # Bounded, like the denylist: everything you wrote expires.
        async for key in redis_client.scan_iter(match=f"{redis_prefix}*"):
            assert await redis_client.ttl(key) > 0, f"{key} never expires"


async def test_absolute_timeout(app, redis_client, redis_prefix):
    """2. A session ends 8 hours after login, however busy it has been (and is deleted)."""
    async with browser(app) as client:
        r = await client.post("/sessions/login", json=ADA)
        key = Keyspace(redis_prefix).session(id_hash(r.cookies["__Host-session"]))

        await redis_client.hset(key, "created_at", int(time.time()) - 7 * HOUR)
        assert (await client.get("/sessions/me")).status_code == 200, "7 hours old is fine"

        await redis_client.hset(key, "created_at", int(time.time()) - 8 * HOUR - 1)
        r = await client.get("/sessions/me")
        assert r.status_code == 401, "a session older than 8 hours must be refused"
        assert r.headers["content-type"] == "application/problem+json"
        assert await redis_client.exists(key) == 0, "…and deleted, not merely refused"


async def test_revoke_endpoint(app, redis_client, redis_prefix):
    """3. RFC 7009: POST /auth/revoke with a form field `token`."""
    async with browser(app) as client:
        access = await token(client)
        raw = access["Authorization"].removeprefix("Bearer ")
        r = await client.post("/auth/revoke", data={"token": raw})
        assert r.status_code == 200, f"POST /auth/revoke answered {r.status_code}"
        refused = await client.get("/me", headers=access)
        assert refused.status_code == 401 and refused.json()["reason"] == "revoked"

        # RFC 7009 §2.2: an invalid token is not an error — and nothing is written for it.
        before = [k async for k in redis_client.scan_iter(match=f"{redis_prefix}*")]
        for junk in ("not-a-token", raw[:-4] + "AAAA"):
            r = await client.post("/auth/revoke", data={"token": junk})
            assert r.status_code == 200, "invalid tokens get a 200 too (RFC 7009 §2.2)"
        after = [k async for k in redis_client.scan_iter(match=f"{redis_prefix}*")]
        assert sorted(after) == sorted(before)

        # No token at all is a malformed request (RFC 7009 §2.2.1: invalid_request).
        r = await client.post("/auth/revoke", data={})
        assert r.status_code in (400, 422), "a request without a token is malformed"
        assert r.headers["content-type"] == "application/problem+json"
