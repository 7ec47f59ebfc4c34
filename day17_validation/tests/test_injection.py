"""NoSQL injection, shown working: ``vulnerable.py`` against a real database (the test's own).

These tests pass *because* the code is vulnerable: each payload the README names logs in as
admin, dumps users or makes an administrator. ``test_attacks.py`` sends the same payloads to
the lesson's app and proves they are refused before any query runs.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from pymongo.errors import OperationFailure

from day17_validation import vulnerable
from day17_validation.app import create_app
from shared.dbwatch import watching

OPERATOR_PASSWORDS = [{"$ne": None}, {"$gt": ""}, {"$regex": ".*"}, {"$exists": True}]


@pytest.fixture
async def legacy(mongo_db: Any) -> Any:
    await vulnerable.seed(mongo_db)
    return mongo_db


async def test_the_vulnerable_login_works_for_honest_input(legacy: Any) -> None:
    ok = {"username": "eve", "password": "hunter22"}
    assert await vulnerable.login(legacy, ok) == {"username": "eve", "role": "member"}
    assert await vulnerable.login(legacy, {"username": "admin", "password": "guess"}) is None


@pytest.mark.parametrize("password", OPERATOR_PASSWORDS, ids=lambda p: next(iter(p)))
async def test_an_operator_as_password_logs_in_as_admin(legacy: Any, password: dict) -> None:
    with watching() as sent:
        user = await vulnerable.login(legacy, {"username": "admin", "password": password})
    assert user == {"username": "admin", "role": "admin"}
    # The attacker's object went to MongoDB as part of the filter, operator and all.
    assert sent[0].name == "find"
    assert sent[0].body["filter"] == {"username": "admin", "password": password}


async def test_operators_in_both_fields_log_in_as_whoever_comes_first(legacy: Any) -> None:
    body = {"username": {"$ne": None}, "password": {"$ne": None}}
    assert await vulnerable.login(legacy, body) is not None


async def test_the_vulnerable_search_dumps_users_and_forwards_where(legacy: Any) -> None:
    everyone = await vulnerable.search(legacy, {"username": {"$regex": ".*"}})
    assert {u["username"] for u in everyone} == {"admin", "eve"}
    assert everyone[0]["password"]  # and their passwords
    # One character at a time: does admin's password start with "c"?
    guess = {"username": "admin", "password": {"$regex": "^c"}}
    assert len(await vulnerable.search(legacy, guess)) == 1
    # $where would run JavaScript on a server that allows it (nx-27017 has no JavaScript, so
    # it fails there): either way, the attacker's code reached the database.
    with watching() as sent, contextlib.suppress(OperationFailure):
        await vulnerable.search(legacy, {"$where": "this.role == 'admin'"})
    assert sent[0].body["filter"] == {"$where": "this.role == 'admin'"}


async def test_the_vulnerable_signup_mass_assigns_a_role(legacy: Any) -> None:
    body = {"username": "mallory", "password": "x", "role": "admin"}
    assert (await vulnerable.signup(legacy, body))["role"] == "admin"
    document = await legacy[vulnerable.COLLECTION].find_one({"username": "mallory"})
    assert document["role"] == "admin"


def test_the_vulnerable_code_is_not_part_of_the_published_api() -> None:
    app = create_app()
    paths = set(app.openapi()["paths"])
    assert paths == {
        "/health",
        "/signup",
        "/login",
        "/pages/{slug}/comments",
        "/pages/{slug}",
        "/orders/preview/lax",
        "/orders/preview/strict",
    }
    assert all(getattr(r, "endpoint", None) not in vars(vulnerable).values() for r in app.routes)
