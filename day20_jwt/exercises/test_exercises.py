"""Checks for the Day 20 exercises (README → Exercises). They fail until you solve them.

pytest day20_jwt/exercises -k double_submit
pytest day20_jwt/exercises -k admin_scope
pytest day20_jwt/exercises -k es256
"""

from __future__ import annotations

import httpx

from course.testing import asgi_client
from day20_jwt.anatomy import inspect
from day20_jwt.app import create_app

ADA = {"username": "ada", "password": "analytical-engine"}
GRACE = {"username": "grace", "password": "compiler-1952"}


def assert_problem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    return r.json()


async def test_double_submit():
    """1. A double-submit CSRF token replaces X-Requested-With for cookie-authenticated writes."""
    app = create_app()
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="https://lesson.test") as browser:
        r = await browser.post("/auth/login", json=ADA)
        csrf = r.json()["csrf_token"]
        cookies = {c.split("=", 1)[0]: c for c in r.headers.get_list("set-cookie")}
        assert "csrf_token" in cookies, "login sets a csrf_token cookie"
        attributes = cookies["csrf_token"].lower()
        assert "httponly" not in attributes, "page JavaScript must be able to read it"
        assert "secure" in attributes and "samesite=strict" in attributes
        assert browser.cookies.get("csrf_token") == csrf
        assert len(csrf) >= 22, "at least 128 bits of randomness"

        note = {"text": "hello"}
        only_old_header = await browser.post(
            "/me/notes", json=note, headers={"X-Requested-With": "fetch"}
        )
        assert_problem(only_old_header, 403)
        wrong = await browser.post("/me/notes", json=note, headers={"X-CSRF-Token": "guess"})
        assert_problem(wrong, 403)
        assert app.state.notes["ada"] == []
        ok = await browser.post("/me/notes", json=note, headers={"X-CSRF-Token": csrf})
        assert ok.status_code == 201
        # A second login gets a new token: the old one stops working.
        await browser.post("/auth/login", json=ADA)
        stale = await browser.post("/me/notes", json=note, headers={"X-CSRF-Token": csrf})
        assert_problem(stale, 403)


async def test_admin_scope():
    """2. A `scope` claim (RFC 9068 §2.2.3): grace has "notes admin", ada has "notes"."""
    app = create_app()
    async with asgi_client(app) as client:
        tokens = {}
        for who in (ADA, GRACE):
            r = await client.post("/auth/login", json=who)
            tokens[who["username"]] = r.json()["access_token"]
        assert inspect(tokens["grace"]).payload["scope"] == "notes admin"
        assert inspect(tokens["ada"]).payload["scope"] == "notes"

        assert_problem(await client.get("/admin/users"), 401)
        r = await client.get("/admin/users", headers={"Authorization": f"Bearer {tokens['ada']}"})
        assert_problem(r, 403)
        r = await client.get("/admin/users", headers={"Authorization": f"Bearer {tokens['grace']}"})
        assert r.status_code == 200
        assert sorted(r.json()) == ["ada", "grace"]


async def test_es256():
    """3. A third key: ES256 (ECDSA P-256), with its own kid and its own one algorithm."""
    app = create_app()
    async with asgi_client(app) as client:
        r = await client.post("/auth/login", json={**ADA, "alg": "ES256"})
        assert r.status_code == 200, r.text
        token = r.json()["access_token"]
        assert inspect(token).header == {"alg": "ES256", "kid": "es256-1", "typ": "at+jwt"}
        me = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200 and me.json()["token"]["alg"] == "ES256"

        keys = (await client.get("/.well-known/jwks.json")).json()["keys"]
        assert {(k["kid"], k["kty"]) for k in keys} == {("ed25519-1", "OKP"), ("es256-1", "EC")}
        assert all("d" not in k for k in keys), "public keys only"

        # The ES256 signature presented under the EdDSA key's kid: refused by the allow-list.
        header = inspect(token).header
        from day20_jwt.attacks import encode_part

        swapped = encode_part({**header, "kid": "ed25519-1"}) + token[token.index(".") :]
        r = await client.get("/me", headers={"Authorization": f"Bearer {swapped}"})
        assert assert_problem(r, 401)["reason"] == "alg-not-allowed"
