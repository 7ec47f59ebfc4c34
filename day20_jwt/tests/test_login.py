"""Login → protected route, the constant-time password check, and bad input writing nothing."""

from __future__ import annotations

import pytest

from day20_jwt.app import MAX_NOTES
from shared import demo_users
from shared.tokens import issue

from .conftest import ADA, assert_problem, assert_refused, bearer, login


async def test_login_then_the_protected_route(client, app):
    assert_problem(await client.get("/me"), 401)
    token = await login(client)
    r = await client.get("/me", headers=bearer(token))
    assert r.status_code == 200
    assert r.json()["name"] == "Ada Lovelace"
    assert [entry["sub"] for entry in app.state.issued] == ["ada"]


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "ada", "password": "wrong"},
        {"username": "nobody", "password": "analytical-engine"},
        {"username": "ada", "password": "ANALYTICAL-ENGINE"},
    ],
)
async def test_a_failed_login_says_the_same_thing_and_issues_nothing(client, app, credentials):
    r = await client.post("/auth/login", json=credentials)
    body = assert_problem(r, 401)
    assert body["detail"] == "wrong username or password"  # no hint which part was wrong
    assert "set-cookie" not in r.headers
    assert app.state.issued == []


async def test_every_login_compares_in_constant_time(client, monkeypatch):
    """Known user, unknown user, right or wrong: always one compare_digest of two digests."""
    calls: list[tuple[int, int]] = []
    real = demo_users.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(demo_users.hmac, "compare_digest", spy)
    for body in (ADA, {**ADA, "password": "x"}, {"username": "nobody", "password": "x" * 200}):
        await client.post("/auth/login", json=body)
    assert calls == [(32, 32)] * 3  # same length whatever was typed: length does not leak


BAD_LOGINS = {
    "unknown field": {**ADA, "role": "admin"},
    "no password": {"username": "ada"},
    "empty username": {"username": "", "password": "x"},
    "username too long": {"username": "a" * 65, "password": "x"},
    "password too long": {"username": "ada", "password": "p" * 257},
    "password not a string": {"username": "ada", "password": 12345},
    "alg none": {**ADA, "alg": "none"},
    "alg RS256": {**ADA, "alg": "RS256"},
    "a list": [ADA],
}


@pytest.mark.parametrize("name", BAD_LOGINS)
async def test_bad_login_input_is_a_422_problem_and_issues_nothing(client, app, name):
    r = await client.post("/auth/login", json=BAD_LOGINS[name])
    body = assert_problem(r, 422)
    assert "analytical-engine" not in r.text  # the password is never echoed back
    assert body["errors"]
    assert "set-cookie" not in r.headers and app.state.issued == []


@pytest.mark.parametrize(
    ("content", "status"),
    [(b'{"username": "ada", "password": ', 422), (b"username=ada&password=x", 422)],
)
async def test_malformed_login_bodies(client, app, content, status):
    r = await client.post(
        "/auth/login", content=content, headers={"content-type": "application/json"}
    )
    assert_problem(r, status)
    assert "set-cookie" not in r.headers and app.state.issued == []


async def test_an_oversized_login_body_is_refused_before_reading(client, app):
    r = await client.post("/auth/login", json={**ADA, "padding": "x" * 1_100_000})
    assert_problem(r, 413)
    assert "set-cookie" not in r.headers and app.state.issued == []


@pytest.mark.parametrize(
    "body", [{"text": ""}, {"text": "x" * 281}, {"text": "ok", "pinned": True}, {"note": "x"}]
)
async def test_bad_notes_are_refused_and_nothing_is_written(client, app, body):
    token = await login(client)
    assert_problem(await client.post("/me/notes", json=body, headers=bearer(token)), 422)
    assert app.state.notes["ada"] == []


async def test_notes_are_bounded_per_user(client, app):
    token = await login(client)
    app.state.notes["ada"].extend(["n"] * MAX_NOTES)
    r = await client.post("/me/notes", json={"text": "one more"}, headers=bearer(token))
    assert_problem(r, 409)
    assert len(app.state.notes["ada"]) == MAX_NOTES


async def test_a_valid_token_for_a_user_who_is_gone_is_refused(client, app):
    token = issue(app.state.keys, app.state.policy, "ghost").token
    assert_refused(await client.get("/me", headers=bearer(token)), "unknown-subject")
