"""Bad input: a 4xx problem+json, no password echoed, and nothing written to Redis."""

from __future__ import annotations

import pytest

from .conftest import ADA, CSRF, assert_problem, bearer, cookie, keys_under

LOGINS = ("/auth/login", "/sessions/login")
BAD_LOGINS = {
    "unknown field": {**ADA, "role": "admin"},
    "no password": {"username": "ada"},
    "empty username": {"username": "", "password": "x"},
    "username too long": {"username": "a" * 65, "password": "x"},
    "username with a colon": {"username": "ada:127.0.0.1", "password": "x"},
    "username with a wildcard": {"username": "ad*", "password": "x"},
    "empty password": {"username": "ada", "password": ""},
    "password too long": {"username": "ada", "password": "p" * 257},
    "password not a string": {"username": "ada", "password": 12345},
    "a list": [ADA],
}


@pytest.mark.parametrize("path", LOGINS)
@pytest.mark.parametrize("name", BAD_LOGINS)
async def test_a_bad_login_is_a_422_and_writes_nothing(
    client, redis_client, redis_prefix, path, name
):
    r = await client.post(path, json=BAD_LOGINS[name])
    body = assert_problem(r, 422)
    assert body["errors"] and "analytical-engine" not in r.text
    assert "set-cookie" not in r.headers
    assert await keys_under(redis_client, redis_prefix) == []


@pytest.mark.parametrize(
    ("content", "status"),
    [(b'{"username": "ada", "password": ', 422), (b"x" * 1_100_000, 413)],
)
async def test_malformed_and_oversized_bodies(client, redis_client, redis_prefix, content, status):
    for path in LOGINS:
        r = await client.post(path, content=content, headers={"content-type": "application/json"})
        assert_problem(r, status)
    assert await keys_under(redis_client, redis_prefix) == []


@pytest.mark.parametrize(
    "authorization",
    [
        "",
        "Basic YWRhOnB3",
        "Bearer",
        "Bearer a.b",
        "Bearer " + "a" * 5000,
        "Bearer é.é.é".encode(),  # raw UTF-8 bytes in a header
    ],
)
async def test_a_bad_authorization_header_is_a_401_and_denylists_nothing(
    client, redis_client, redis_prefix, authorization
):
    for method, path in (("POST", "/auth/logout"), ("GET", "/me")):
        r = await client.request(method, path, headers={"Authorization": authorization})
        assert_problem(r, 401)
    assert await keys_under(redis_client, redis_prefix) == []


async def test_session_logout_without_a_session_is_a_401(client, redis_client, redis_prefix):
    assert_problem(await client.post("/sessions/logout", headers=CSRF), 401)
    r = await client.post("/sessions/logout", headers={**cookie("x" * 43), **CSRF})
    assert_problem(r, 401)
    assert await keys_under(redis_client, redis_prefix) == []


async def test_a_wrong_password_says_the_same_for_every_user_and_only_counts(
    client, redis_client, redis_prefix
):
    for who in ({"username": "ada", "password": "wrong"}, {"username": "nobody", "password": "x"}):
        for path in LOGINS:
            body = assert_problem(await client.post(path, json=who), 401)
            assert body["detail"] == "wrong username or password"
    # The only keys written are the two failed-login counters, each with its window.
    keys = await keys_under(redis_client, redis_prefix)
    assert [k.split(":")[-2] for k in keys] == ["ada", "nobody"]
    assert [await redis_client.get(k) for k in keys] == ["2", "2"]


async def test_a_logout_request_body_is_ignored_not_trusted(client, redis_client, redis_prefix):
    """Logout takes the token from the header only: a jti in a body changes nothing."""
    r = await client.post("/auth/logout", json={"jti": "0" * 32}, headers=bearer("not-a-token"))
    assert_problem(r, 401)
    assert await keys_under(redis_client, redis_prefix) == []
