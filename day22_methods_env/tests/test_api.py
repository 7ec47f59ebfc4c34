"""The API on top of the model: sign up, log in, the profile, and bad input that writes nothing."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from day22_methods_env.sessions import sign
from day22_methods_env.tests.helpers import ADA, PASSWORD
from day22_methods_env.user import COLLECTION
from shared.settings import get_settings

PROBLEM = "application/problem+json"
JSON = {"content-type": "application/json"}


async def test_signup_sets_a_session_and_answers_with_the_public_user(
    client: httpx.AsyncClient, mongo_db: Any
) -> None:
    created = await client.post("/signup", json=ADA)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["email"] == "ada@example.org"  # normalised by the model's rule
    assert body["full_name"] == "Ada Lovelace"  # the virtual
    assert "password_hash" not in body and "password" not in body
    cookie = created.headers["set-cookie"]
    assert cookie.startswith("day22_session=") and "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert await mongo_db[COLLECTION].count_documents({}) == 1

    me = await client.get("/me")  # the client sends the cookie back
    assert me.status_code == 200 and me.json() == body


async def test_login_and_update_the_profile(client: httpx.AsyncClient, mongo_db: Any) -> None:
    await client.post("/signup", json=ADA)
    client.cookies.clear()
    assert (await client.get("/me")).status_code == 401

    login = await client.post("/login", json={"email": "ADA@example.org", "password": PASSWORD})
    assert login.status_code == 200, login.text
    updated = await client.patch("/me", json={"first_name": "Augusta Ada", "last_name": "King"})
    assert updated.status_code == 200, updated.text
    assert updated.json()["full_name"] == "Augusta Ada King"
    stored = await mongo_db[COLLECTION].find_one({})
    assert (stored["first_name"], stored["last_name"]) == ("Augusta Ada", "King")
    assert "full_name" not in stored


async def test_wrong_password_and_unknown_user_get_the_same_401(client: httpx.AsyncClient) -> None:
    await client.post("/signup", json=ADA)
    client.cookies.clear()
    wrong = await client.post("/login", json={"email": "ada@example.org", "password": "guess"})
    unknown = await client.post("/login", json={"email": "bob@example.org", "password": "guess"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.headers["content-type"] == PROBLEM
    strip = lambda r: {k: v for k, v in r.json().items() if k != "request_id"}  # noqa: E731
    assert strip(wrong) == strip(unknown)
    assert "set-cookie" not in wrong.headers


async def test_a_second_account_for_one_address_is_a_conflict(
    client: httpx.AsyncClient, mongo_db: Any
) -> None:
    assert (await client.post("/signup", json=ADA)).status_code == 201
    again = await client.post("/signup", json={**ADA, "email": " ada@EXAMPLE.org"})
    assert again.status_code == 409 and again.headers["content-type"] == PROBLEM
    assert again.json()["type"] == "/problems/email-taken"
    assert await mongo_db[COLLECTION].count_documents({}) == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {**ADA, "email": "not-an-address"},
        {**ADA, "email": {"$ne": None}},  # operator injection: a str is required
        {**ADA, "password": "short"},
        {**ADA, "password": "x" * 1025},
        {**ADA, "password": 12345678},  # strict: no coercion
        {**ADA, "first_name": "   "},
        {**ADA, "last_name": "L" * 61},
        {**ADA, "last_name": "Love\nlace"},
        {**ADA, "first_name": "\ud800"},  # a lone surrogate: BSON could not store it
        {**ADA, "password_hash": "$argon2id$v=19$m=8,t=1,p=1$forged"},  # mass assignment
        {**ADA, "id": "6650c0ffee6650c0ffeec0de"},
        {**ADA, "full_name": "Someone Else"},  # a virtual is output only
    ],
)
async def test_bad_signups_are_422_problems_and_write_nothing(
    client: httpx.AsyncClient, mongo_db: Any, body: dict[str, Any]
) -> None:
    # json.dumps escapes non-ASCII ("\\ud800"), as a hostile client would send it
    answer = await client.post("/signup", content=json.dumps(body), headers=JSON)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert "set-cookie" not in answer.headers
    assert PASSWORD not in answer.text and "forged" not in answer.text  # input never echoed
    assert await mongo_db[COLLECTION].count_documents({}) == 0


async def test_an_oversized_signup_is_413_and_writes_nothing(
    client: httpx.AsyncClient, mongo_db: Any
) -> None:
    big = {**ADA, "first_name": "A" * (get_settings().max_body_bytes + 1)}
    answer = await client.post("/signup", json=big)
    assert answer.status_code == 413 and answer.headers["content-type"] == PROBLEM
    assert await mongo_db[COLLECTION].count_documents({}) == 0


@pytest.mark.parametrize(
    "body",
    [
        {},  # nothing to change
        {"first_name": None, "last_name": None},
        {"email": "eve@example.org"},  # not changeable here
        {"password_hash": "x"},
        {"first_name": ""},
        {"last_name": ["King"]},
    ],
)
async def test_bad_profile_updates_are_422_and_change_nothing(
    client: httpx.AsyncClient, mongo_db: Any, body: dict[str, Any]
) -> None:
    await client.post("/signup", json=ADA)
    before = await mongo_db[COLLECTION].find_one({})
    answer = await client.patch("/me", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert await mongo_db[COLLECTION].find_one({}) == before


@pytest.mark.parametrize(
    "body",
    [
        {"email": {"$gt": ""}, "password": PASSWORD},
        {"email": "ada@example.org", "password": {"$ne": None}},
        {"email": "ada@example.org"},
        {"email": "ada@example.org", "password": ""},
    ],
)
async def test_bad_logins_are_422(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    await client.post("/signup", json=ADA)
    client.cookies.clear()
    answer = await client.post("/login", json=body)
    assert answer.status_code == 422 and answer.headers["content-type"] == PROBLEM
    assert "set-cookie" not in answer.headers


async def test_the_profile_needs_a_valid_session_cookie(
    client: httpx.AsyncClient, mongo_db: Any
) -> None:
    created = (await client.post("/signup", json=ADA)).json()
    token = client.cookies["day22_session"]
    client.cookies.clear()
    user_id, expires, mac = token.split(".")
    expired = sign(created["id"], get_settings().secret_key, 60, now=time.time() - 3600)
    for cookie in [
        "",
        "garbage",
        f"{user_id}.{expires}.{mac[:-2]}AA",  # tampered MAC
        f"{'0' * 24}.{expires}.{mac}",  # another user, same MAC
        expired,
        "é.1.😀",  # non-ASCII: still a 401, not a 500
        "x" * 5000,
    ]:
        header = {"cookie": f"day22_session={cookie}".encode()}  # raw bytes: UTF-8 too
        answer = await client.get("/me", headers=header)
        assert answer.status_code == 401, cookie[:40]
        assert answer.json()["type"] == "/problems/not-signed-in"
        patch = await client.patch("/me", json={"first_name": "Eve"}, headers=header)
        assert patch.status_code == 401
    assert (await mongo_db[COLLECTION].find_one({}))["first_name"] == "Ada"
