"""Checks for the Day 21 exercises (README → Exercises). They fail until you solve them.

pytest day21_refresh_tokens/exercises -k refresh_cookie
pytest day21_refresh_tokens/exercises -k sign_out_device
pytest day21_refresh_tokens/exercises -k idle_timeout
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

import httpx
import pytest

from day21_refresh_tokens.app import create_app
from day21_refresh_tokens.rotation import utc_now

ADA = {"username": "ada", "password": "analytical-engine"}
GRACE = {"username": "grace", "password": "compiler-1952"}
COOKIE = "__Secure-refresh_token"


@pytest.fixture
def app(mongo_db):
    return create_app(database=lambda: contextlib.nullcontext(mongo_db))


@contextlib.asynccontextmanager
async def https_client(app):
    """Like a browser: over https, with a cookie jar that honours Secure and Path."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app)
        async with httpx.AsyncClient(transport=transport, base_url="https://lesson.test") as c:
            yield c


def bearer(pair: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


async def test_refresh_cookie(app):
    """1. The refresh token also travels as an HttpOnly cookie scoped to /auth/refresh."""
    async with https_client(app) as browser:
        r = await browser.post("/auth/login", json={**ADA, "device": "browser"})
        assert r.status_code == 200
        cookies = {c.split("=", 1)[0]: c for c in r.headers.get_list("set-cookie")}
        assert COOKIE in cookies, f"login sets a {COOKIE} cookie"
        attributes = [a.strip().lower() for a in cookies[COOKIE].split(";")]
        for wanted in ("httponly", "secure", "samesite=strict", "path=/auth/refresh"):
            assert wanted in attributes, f"the cookie needs {wanted}"
        assert f"max-age={r.json()['refresh_expires_in']}" in attributes
        first = browser.cookies.get(COOKIE)
        assert first == r.json()["refresh_token"]

        # The browser sends no body: the cookie is the refresh token.
        rotated = await browser.post("/auth/refresh")
        assert rotated.status_code == 200, rotated.text
        second = browser.cookies.get(COOKIE)
        assert second not in (None, first), "a refresh sets the rotated token as the cookie"
        assert second == rotated.json()["refresh_token"]

        # The old cookie, replayed, is reuse: 401 and the family is revoked.
        # (an explicit Cookie header replaces what the jar would send)
        replay = await browser.post("/auth/refresh", headers={"Cookie": f"{COOKIE}={first}"})
        assert replay.status_code == 401 and replay.json()["reason"] == "reused"
        # A JSON body still works for API clients (and wins over the cookie).
        again = await browser.post("/auth/refresh", json={"refresh_token": second})
        assert again.status_code == 401 and again.json()["reason"] == "revoked"


async def test_sign_out_device(app):
    """2. DELETE /auth/sessions/{session_id} ends another of your own sessions."""
    async with https_client(app) as client:
        laptop = (await client.post("/auth/login", json={**ADA, "device": "laptop"})).json()
        phone = (await client.post("/auth/login", json={**ADA, "device": "phone"})).json()
        grace = (await client.post("/auth/login", json={**GRACE, "device": "term"})).json()

        # Someone else's session, or one that does not exist: 404, and nothing revoked.
        for sid in (grace["session_id"], "0" * 32):
            r = await client.delete(f"/auth/sessions/{sid}", headers=bearer(laptop))
            assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
        grace_refresh = await client.post(
            "/auth/refresh", json={"refresh_token": grace["refresh_token"]}
        )
        assert grace_refresh.status_code == 200

        r = await client.delete(f"/auth/sessions/{phone['session_id']}", headers=bearer(laptop))
        assert r.status_code == 204
        gone = await client.post("/auth/refresh", json={"refresh_token": phone["refresh_token"]})
        assert gone.status_code == 401 and gone.json()["reason"] == "revoked"
        listed = (await client.get("/auth/sessions", headers=bearer(laptop))).json()
        assert [s["device"] for s in listed] == ["laptop"]
        assert (await client.delete(f"/auth/sessions/{laptop['session_id']}")).status_code == 401


async def test_idle_timeout(app):
    """3. A refresh token unused for 7 days is refused (reason "idle"), within the 30 days."""

    def travel(days: float) -> None:
        app.state.clock = lambda: utc_now() + timedelta(days=days)

    async with https_client(app) as client:
        pair = (await client.post("/auth/login", json=ADA)).json()
        # Used every 6 days, the session lives on...
        for day in (6, 12, 18):
            travel(day)
            r = await client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
            assert r.status_code == 200, r.text
            pair = r.json()
        # ...left alone for more than 7 days, it ends, though the 30 days are not over.
        travel(18 + 7.01)
        r = await client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert r.status_code == 401 and r.json()["reason"] == "idle"
        listed = (await client.get("/auth/sessions", headers=bearer(pair))).json()
        assert listed == [], "an idle session is not listed as signed in"
