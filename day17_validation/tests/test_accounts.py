"""Sign-up and login: what is stored, one spelling per account, and bad input writing nothing."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from day17_validation.accounts import USERS, _duplicated_field
from shared.dbwatch import HEADER

from .conftest import EVE, assert_problem, sign_up, stored

OTHER = "someone.else@example.org"


async def test_signup_stores_the_normalised_values_and_the_servers_role(
    client: Any, mongo_db: Any
) -> None:
    r = await sign_up(
        client,
        username="  ＥＶＥ ",
        email=" Eve@Example.ORG",
        display_name="  Eve  ",
        preferences={"theme": "dark", "panels": [{"open": True}]},
    )
    assert r.status_code == 201, r.text
    assert r.json() == {
        "username": "eve",
        "email": "eve@example.org",
        "display_name": "Eve",
        "role": "member",
        "preferences": {"theme": "dark", "panels": [{"open": True}]},
    }
    user = await mongo_db[USERS].find_one({"username": "eve"})
    assert user["role"] == "member"
    assert "password" not in user and user["password_hash"].startswith("scrypt$")
    assert EVE["password"] not in user["password_hash"]


async def test_login_takes_any_spelling_of_the_same_name(client: Any) -> None:
    await sign_up(client)
    for spelling in ("eve", "EVE", " ｅｖｅ "):
        r = await client.post("/login", json={"username": spelling, "password": EVE["password"]})
        assert r.status_code == 200, r.text
        assert r.json()["username"] == "eve" and r.json()["role"] == "member"


async def test_wrong_password_and_unknown_user_get_the_same_401(client: Any) -> None:
    await sign_up(client)
    wrong = await client.post("/login", json={"username": "eve", "password": "not it at all"})
    unknown = await client.post("/login", json={"username": "nobody", "password": "whatever"})
    for r in (wrong, unknown):
        assert assert_problem(r, 401)["detail"] == "wrong username or password"
        assert r.headers[HEADER] == "find=1"  # the one lookup, by a username that is a str


@pytest.mark.parametrize(
    ("first", "second", "field"),
    [
        ({"username": "eve"}, {"username": "ｅｖｅ", "email": OTHER}, "username"),
        ({"username": "eve"}, {"username": "Eve", "email": OTHER}, "username"),
        ({"username": "kelvin"}, {"username": "\u212aelvin", "email": OTHER}, "username"),
        ({"email": "eve@example.org"}, {"username": "eve2", "email": "EVE@Example.org"}, "e-mail"),
    ],
    ids=["full-width", "case", "kelvin-sign", "email-case"],
)
async def test_names_that_normalise_alike_are_one_account(
    client: Any, mongo_db: Any, first: dict, second: dict, field: str
) -> None:
    assert (await sign_up(client, **first)).status_code == 201
    problem = assert_problem(await sign_up(client, **second), 409)
    assert field in problem["detail"]
    assert await stored(mongo_db, USERS) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"username": None},
        {"username": "ev"},
        {"username": "\u0435ve"},  # Cyrillic е
        {"email": "eve"},
        {"password": "short"},
        {"password": "p" * 129},
        {"display_name": ""},
        {"display_name": "Eve\u202egnp.exe"},
        {"preferences": []},
        {"preferences": {"$set": {"role": "admin"}}},
        {"role": "admin"},
    ],
)
async def test_bad_signups_are_422_and_write_nothing(
    client: Any, mongo_db: Any, change: dict
) -> None:
    r = await sign_up(client, **change)
    assert_problem(r, 422)
    assert await stored(mongo_db, USERS) == 0


async def test_bad_logins_are_422_and_query_nothing(client: Any) -> None:
    for body in ({}, {"username": "eve"}, {"username": "eve", "password": ""}, "eve", None):
        r = await client.post("/login", json=body)
        assert_problem(r, 422)
        assert r.headers[HEADER] == "none"


async def test_concurrent_signups_for_one_name_make_one_account(client: Any, mongo_db: Any) -> None:
    # Both may pass the look-before-insert; the unique index then decides.
    first, second = await asyncio.gather(
        sign_up(client), sign_up(client, username="ＥＶＥ", email=OTHER)
    )
    assert sorted([first.status_code, second.status_code]) == [201, 409]
    assert await stored(mongo_db, USERS) == 1


async def test_the_unique_indexes_name_the_duplicated_field(client: Any, mongo_db: Any) -> None:
    await mongo_db[USERS].insert_one({"username": "eve", "email": "eve@example.org"})
    for duplicate, field in (
        ({"username": "eve", "email": OTHER}, "username"),
        ({"username": "other", "email": "eve@example.org"}, "e-mail address"),
    ):
        with pytest.raises(DuplicateKeyError) as caught:
            await mongo_db[USERS].insert_one(duplicate)
        assert _duplicated_field(caught.value) == field
