"""Two tokens, two jobs: a 5-minute JWT for every request, an opaque refresh token for one."""

from __future__ import annotations

import base64

from pymongo import AsyncMongoClient

from course.net import free_port
from day21_refresh_tokens.app import create_app
from day21_refresh_tokens.refresh_tokens import TOKEN_BYTES
from shared.tokens import verify

from .conftest import assert_problem, bearer, login


async def test_login_answers_a_short_jwt_and_a_long_opaque_token(client, app):
    r = await client.post("/auth/login", json={"username": "ada", "password": "analytical-engine"})
    assert r.status_code == 200
    # RFC 6749 §5.1: a response carrying tokens must never be cached.
    assert r.headers["cache-control"] == "no-store"
    pair = r.json()
    assert pair["token_type"] == "Bearer"

    access = verify(pair["access_token"], app.state.keys, app.state.policy)
    assert access.header["typ"] == "at+jwt"
    assert access.claims["exp"] - access.claims["iat"] == pair["expires_in"] == 300
    assert access.claims["sub"] == "ada"
    assert access.claims["sid"] == pair["session_id"]  # the access token names its session

    refresh = pair["refresh_token"]
    assert "." not in refresh  # not a JWT: nothing to decode, nothing to tamper with
    assert len(base64.urlsafe_b64decode(refresh + "=")) == TOKEN_BYTES == 32  # 256 bits
    assert pair["refresh_expires_in"] == 30 * 24 * 3600

    again = await login(client)
    assert again["refresh_token"] != refresh and again["session_id"] != pair["session_id"]


async def test_the_access_token_is_checked_without_the_database(client, app):
    pair = await login(client)
    live_db = app.state.db
    # MongoDB goes away: the app's database now points at a port where nothing listens.
    dead = AsyncMongoClient(
        f"mongodb://127.0.0.1:{free_port()}/?directConnection=true", serverSelectionTimeoutMS=100
    )
    app.state.db = dead[live_db.name]
    try:
        me = await client.get("/me", headers=bearer(pair))
        assert me.status_code == 200 and me.json()["username"] == "ada"
        # The refresh token, by contrast, means nothing without its record: 503, said plainly.
        r = await client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert "not reachable" in assert_problem(r, 503)["detail"]
    finally:
        app.state.db = live_db
        await dead.close()
    # Back up: the same refresh token works, nothing was lost or half-done.
    r = await client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert r.status_code == 200


def test_the_access_lifetime_can_still_be_configured(monkeypatch):
    assert create_app().state.policy.lifetime_s == 300
    monkeypatch.setenv("JWT_ACCESS_TTL_S", "120")
    assert create_app().state.policy.lifetime_s == 120


async def test_refreshing_answers_a_fresh_access_token_for_the_same_session(client, app):
    pair = await login(client)
    r = await client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    new = r.json()
    claims = verify(new["access_token"], app.state.keys, app.state.policy).claims
    old = verify(pair["access_token"], app.state.keys, app.state.policy).claims
    assert claims["jti"] != old["jti"] and claims["sid"] == old["sid"] == new["session_id"]
    assert (await client.get("/me", headers=bearer(new))).json()["session_id"] == new["session_id"]
