"""Bad input: a 4xx problem+json, no password echoed, and nothing written or revoked."""

from __future__ import annotations

import pytest

from .conftest import ADA, assert_problem, bearer, login, snapshot

BAD_LOGINS = {
    "unknown field": {**ADA, "role": "admin"},
    "no password": {"username": "ada"},
    "empty username": {"username": "", "password": "x"},
    "username too long": {"username": "a" * 65, "password": "x"},
    "password too long": {"username": "ada", "password": "p" * 257},
    "password not a string": {"username": "ada", "password": 12345},
    "device empty": {**ADA, "device": ""},
    "device too long": {**ADA, "device": "d" * 65},
    "device with a newline": {**ADA, "device": "laptop\nINFO forged log line"},
    "device not a string": {**ADA, "device": ["laptop"]},
    "a list": [ADA],
}


@pytest.mark.parametrize("name", BAD_LOGINS)
async def test_bad_login_is_a_422_and_starts_no_session(client, tokens, name):
    r = await client.post("/auth/login", json=BAD_LOGINS[name])
    body = assert_problem(r, 422)
    assert body["errors"] and "analytical-engine" not in r.text
    assert await tokens.count_documents({}) == 0


@pytest.mark.parametrize(
    "credentials",
    [{"username": "ada", "password": "wrong"}, {"username": "nobody", "password": "x"}],
)
async def test_a_failed_login_says_the_same_thing_and_starts_no_session(
    client, tokens, credentials
):
    body = assert_problem(await client.post("/auth/login", json=credentials), 401)
    assert body["detail"] == "wrong username or password"
    assert await tokens.count_documents({}) == 0


@pytest.mark.parametrize(
    ("content", "status"),
    [(b'{"username": "ada", "password": ', 422), (b"x" * 1_100_000, 413)],
)
async def test_malformed_and_oversized_bodies(client, tokens, content, status):
    for path in ("/auth/login", "/auth/refresh"):
        r = await client.post(path, content=content, headers={"content-type": "application/json"})
        assert_problem(r, status)
    assert await tokens.count_documents({}) == 0


BAD_REFRESH = {
    "empty body": {},
    "unknown field": {"refresh_token": "a" * 43, "family": "x"},
    "empty token": {"refresh_token": ""},
    "token too long": {"refresh_token": "a" * 513},
    "token not a string": {"refresh_token": 43},
    "null token": {"refresh_token": None},
}


@pytest.mark.parametrize("name", BAD_REFRESH)
async def test_bad_refresh_or_logout_body_is_a_422_and_changes_nothing(client, tokens, name):
    pair = await login(client)
    before = await snapshot(tokens)
    assert_problem(await client.post("/auth/refresh", json=BAD_REFRESH[name]), 422)
    r = await client.post("/auth/logout", json=BAD_REFRESH[name], headers=bearer(pair))
    assert_problem(r, 422)
    assert await snapshot(tokens) == before


async def test_logout_without_an_access_token_revokes_nothing(client, tokens):
    pair = await login(client)
    before = await snapshot(tokens)
    r = await client.post("/auth/logout", json={"refresh_token": pair["refresh_token"]})
    assert_problem(r, 401)
    assert_problem(await client.post("/auth/logout-all"), 401)
    assert await snapshot(tokens) == before
