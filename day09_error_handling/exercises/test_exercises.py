"""Checks for the Day 09 exercises (README → Exercises). They fail until you solve them.

pytest day09_error_handling/exercises -k frozen_account
pytest day09_error_handling/exercises -k deposits
pytest day09_error_handling/exercises -k unsupported_media_type
"""

from __future__ import annotations

import httpx

from course.testing import asgi_client
from day09_error_handling.app import create_app


def assert_problem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["request_id"] == r.headers["x-request-id"]
    return body


async def test_frozen_account():
    """1. POST /accounts/{id}/freeze (204); transfers *from* it are 403 /problems/account-frozen."""
    app = create_app()
    async with asgi_client(app) as c:
        assert (await c.post("/accounts/1/freeze")).status_code == 204
        assert_problem(await c.post("/accounts/99/freeze"), 404)
        r = await c.post("/transfers", json={"from_account": 1, "to_account": 2, "amount": 5})
        body = assert_problem(r, 403)
        assert body["type"] == "/problems/account-frozen"
        assert app.state.bank.transfers == []
        # Money may still arrive in a frozen account.
        r = await c.post("/transfers", json={"from_account": 2, "to_account": 1, "amount": 5})
        assert r.status_code == 201
        assert (await c.get("/problems/account-frozen")).json()["status"] == 403


async def test_deposits():
    """2. POST /accounts/{id}/deposits {"amount": n} → 201 with the new balance; 404; 422."""
    app = create_app()
    async with asgi_client(app) as c:
        r = await c.post("/accounts/3/deposits", json={"amount": 700})
        assert r.status_code == 201
        assert (await c.get("/accounts/3")).json()["balance"] == 700
        assert_problem(await c.post("/accounts/99/deposits", json={"amount": 1}), 404)
        for bad in ({"amount": 0}, {"amount": -5}, {"amount": 10**12}, {"amount": 1, "x": 1}, {}):
            assert_problem(await c.post("/accounts/3/deposits", json=bad), 422)
        assert (await c.get("/accounts/3")).json()["balance"] == 700


async def test_unsupported_media_type():
    """3. A body that is not application/json is 415 (not 422) on POST routes; nothing written."""
    app = create_app()
    async with asgi_client(app) as c:
        payload = b'{"from_account": 1, "to_account": 2, "amount": 5}'
        for content_type in ("text/plain", "application/x-www-form-urlencoded"):
            r = await c.post("/transfers", content=payload, headers={"Content-Type": content_type})
            assert_problem(r, 415)
        r = await c.post("/accounts", content=b"{}", headers={"Content-Type": "text/plain"})
        assert_problem(r, 415)
        assert app.state.bank.transfers == [] and len(app.state.bank.accounts) == 3
        ok = await c.post(
            "/transfers", content=payload, headers={"Content-Type": "application/json"}
        )
        assert ok.status_code == 201
