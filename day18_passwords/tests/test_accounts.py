"""Sign-up and login over MongoDB: hashes stored (never passwords), outdated ones upgraded."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from day18_passwords.app import create_app
from day18_passwords.phc import parse
from day18_passwords.tests.helpers import (
    PASSPHRASE,
    assert_problem,
    legacy_bcrypt,
    seed,
    signup,
    stored_hash,
    weak_argon2,
)
from day18_passwords.users import replace_hash
from shared.settings import get_settings


async def test_signup_then_login(client, mongo_db) -> None:
    created = await client.post("/signup", json={"username": "Ada", "password": PASSPHRASE})
    assert created.status_code == 201
    assert created.json()["username"] == "ada"  # usernames are case-insensitive
    ok = await client.post("/login", json={"username": "ADA", "password": PASSPHRASE})
    assert ok.status_code == 200 and ok.json()["username"] == "ada"
    assert await mongo_db.users.count_documents({}) == 1


async def test_a_taken_username_is_409_and_the_first_hash_stays(client, mongo_db) -> None:
    await signup(client, "ada")
    first = await stored_hash(mongo_db, "ada")
    again = await client.post("/signup", json={"username": "ADA", "password": "another passphrase"})
    assert assert_problem(again, 409)["type"] == "/problems/username-taken"
    assert await stored_hash(mongo_db, "ada") == first
    assert await mongo_db.users.count_documents({}) == 1


async def test_the_database_never_holds_a_password(client, mongo_db) -> None:
    passwords = {
        "ada": PASSPHRASE,
        "grace": "a ship in port is safe",
        "alan": "Entscheidungsproblem",
    }
    for username, password in passwords.items():
        await signup(client, username, password)
        assert (
            await client.post("/login", json={"username": username, "password": password})
        ).status_code == 200
    async for user in mongo_db.users.find({}):
        text = repr(user)  # every field, every value
        for password in passwords.values():
            assert password not in text and password.encode().hex() not in text
        assert parse(user["password_hash"]).scheme == "argon2id"


async def test_hashing_runs_in_the_pool_not_on_the_event_loop(client, hasher) -> None:
    await signup(client, "ada")
    await client.post("/login", json={"username": "ada", "password": PASSPHRASE})
    assert hasher.threads and all(name.startswith("password-hash") for name in hasher.threads)


@pytest.mark.parametrize("legacy", ["bcrypt", "weaker argon2id"])
async def test_login_upgrades_an_outdated_hash(client, mongo_db, hasher, legacy: str) -> None:
    old = legacy_bcrypt(PASSPHRASE) if legacy == "bcrypt" else weak_argon2(PASSPHRASE)
    await seed(mongo_db, "grace", old)
    assert hasher.context.needs_update(old)

    assert (
        await client.post("/login", json={"username": "grace", "password": PASSPHRASE})
    ).status_code == 200
    new = await stored_hash(mongo_db, "grace")
    assert new != old
    assert parse(new).scheme == "argon2id" and parse(new).params == {"m": 1024, "t": 2, "p": 1}
    assert not hasher.context.needs_update(new)

    # The new hash works, and a second login leaves it alone.
    assert (
        await client.post("/login", json={"username": "grace", "password": PASSPHRASE})
    ).status_code == 200
    assert await stored_hash(mongo_db, "grace") == new


async def test_the_upgrade_is_logged_and_no_password_ever_is(client, mongo_db, caplog) -> None:
    await seed(mongo_db, "grace", legacy_bcrypt(PASSPHRASE))
    with caplog.at_level(logging.DEBUG):
        await client.post("/login", json={"username": "grace", "password": PASSPHRASE})
        await client.post("/login", json={"username": "grace", "password": "a wrong guess"})
        await client.post("/signup", json={"username": "ada", "password": "short"})
    assert "re-hashed grace's password: bcrypt cost=4 -> argon2id m=1024,t=2,p=1" in caplog.text
    for secret in (PASSPHRASE, "a wrong guess", "short"):
        assert secret not in caplog.text


async def test_a_wrong_password_never_upgrades(client, mongo_db) -> None:
    old = legacy_bcrypt(PASSPHRASE)
    await seed(mongo_db, "grace", old)
    assert_problem(
        await client.post("/login", json={"username": "grace", "password": "not it at all"}), 401
    )
    assert await stored_hash(mongo_db, "grace") == old


async def test_the_upgrade_is_atomic_a_stale_login_cannot_bring_an_old_hash_back(
    mongo_db, hasher
) -> None:
    """Login read hash A; meanwhile the password changed to B; the upgrade of A must not win."""
    user_id = await seed(mongo_db, "grace", "A-the-hash-login-read")
    await mongo_db.users.update_one(
        {"_id": user_id}, {"$set": {"password_hash": "B-changed-meanwhile"}}
    )
    assert not await replace_hash(mongo_db, user_id, "A-the-hash-login-read", "A-upgraded")
    assert await stored_hash(mongo_db, "grace") == "B-changed-meanwhile"
    assert await replace_hash(mongo_db, user_id, "B-changed-meanwhile", "B-upgraded")


async def test_concurrent_logins_upgrade_once(client, mongo_db) -> None:
    old = weak_argon2(PASSPHRASE)
    await seed(mongo_db, "grace", old)
    body = {"username": "grace", "password": PASSPHRASE}
    answers = await asyncio.gather(*(client.post("/login", json=body) for _ in range(5)))
    assert [a.status_code for a in answers] == [200] * 5
    final = await stored_hash(mongo_db, "grace")
    # Whichever login won, the stored hash is a current one that verifies.
    assert parse(final).params["m"] == 1024
    assert (await client.post("/login", json=body)).status_code == 200


async def test_the_development_view_shows_schemes_not_hashes(client, mongo_db) -> None:
    await seed(mongo_db, "grace", legacy_bcrypt(PASSPHRASE))
    await seed(mongo_db, "old", "5f4dcc3b5aa765d61d8327deb882cf99")  # unsalted MD5, say
    await signup(client, "ada")
    rows = {row["username"]: row for row in (await client.get("/admin/hashes")).json()}
    assert rows["old"] == {"username": "old", "scheme": "unknown", "params": {}, "outdated": True}
    assert_problem(
        await client.post("/login", json={"username": "old", "password": "password"}), 401
    )
    assert rows["grace"] == {
        "username": "grace",
        "scheme": "bcrypt",
        "params": {"cost": 4},
        "outdated": True,
    }
    assert rows["ada"]["scheme"] == "argon2id" and rows["ada"]["outdated"] is False
    assert "$" not in repr(rows)  # no hash, no salt


async def test_the_development_view_is_not_mounted_in_production(
    monkeypatch, mongo_db, hasher, client_for
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    get_settings.cache_clear()
    try:
        app = create_app(mongo_db, hasher=hasher)
    finally:
        monkeypatch.delenv("ENVIRONMENT")
        get_settings.cache_clear()
    async with client_for(app) as client:
        assert_problem(await client.get("/admin/hashes"), 404)


async def test_the_policy_is_published(client) -> None:
    policy = (await client.get("/password-policy")).json()
    assert policy["min_length"] == 8 and policy["max_length"] == 1024
    assert policy["max_bytes"] is None  # Argon2 hashes new passwords: no 72-byte limit


BAD_BODIES: list[Any] = [
    {},
    {"username": "ada"},
    {"password": PASSPHRASE},
    {"username": "ada", "password": PASSPHRASE, "admin": True},
    {"username": "a", "password": PASSPHRASE},
    {"username": "x" * 33, "password": PASSPHRASE},
    {"username": "ada lovelace", "password": PASSPHRASE},
    {"username": "ada", "password": ""},
    {"username": "ada", "password": 12345678},
    {"username": 7, "password": PASSPHRASE},
    {"username": "ada", "password": ["correct", "horse"]},
    {"username": "ada", "password": None},
    [PASSPHRASE],
    "ada",
]


@pytest.mark.parametrize("path", ["/signup", "/login"])
@pytest.mark.parametrize("body", BAD_BODIES, ids=range(len(BAD_BODIES)))
async def test_bad_input_is_a_422_problem_and_nothing_is_written(
    client, mongo_db, hasher, path: str, body: Any
) -> None:
    answer = await client.post(path, json=body)
    problem = assert_problem(answer, 422)
    assert problem["errors"]
    assert PASSPHRASE not in answer.text  # the input is never echoed back
    assert await mongo_db.users.count_documents({}) == 0
    assert hasher.calls == 0


async def test_broken_json_and_oversized_bodies_are_refused_before_hashing(
    client, mongo_db, hasher
) -> None:
    broken = await client.post(
        "/signup",
        content=b'{"username": "ada", "password": ',
        headers={"content-type": "application/json"},
    )
    assert_problem(broken, 422)
    huge = await client.post(
        "/signup", content=b"x" * 1_000_001, headers={"content-type": "application/json"}
    )
    assert_problem(huge, 413)
    assert await mongo_db.users.count_documents({}) == 0 and hasher.calls == 0
