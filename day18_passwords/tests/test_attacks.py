"""Every attack the README names, tried against the lesson, and refused.

Each test also checks the cheap part of the defence: what was refused was refused *before* a
hash was computed (``hasher.calls``) and nothing was written.
"""

from __future__ import annotations

import pytest

from day18_passwords.tests.helpers import (
    PASSPHRASE,
    assert_problem,
    legacy_bcrypt,
    seed,
    signup,
    stored_hash,
)

SAME = ("type", "title", "status", "detail")


def login(client, username, password):
    return client.post("/login", json={"username": username, "password": password})


async def test_user_enumeration_by_error_message(client) -> None:
    """Unknown user and wrong password: the same problem, byte for byte (but the request id)."""
    await signup(client, "ada")
    unknown = assert_problem(await login(client, "nobody", PASSPHRASE), 401)
    wrong = assert_problem(await login(client, "ada", "not the passphrase"), 401)
    assert {k: unknown[k] for k in SAME} == {k: wrong[k] for k in SAME}
    assert set(unknown) == set(wrong)
    assert unknown["type"] == "/problems/invalid-credentials"


async def test_user_enumeration_by_timing_an_unknown_user_costs_a_real_verify(
    client, hasher
) -> None:
    await signup(client, "ada")
    hasher.verified_against.clear()
    assert_problem(await login(client, "nobody", PASSPHRASE), 401)
    assert hasher.checks[-1] is None  # no user: nothing stored to check…
    assert hasher.verified_against == [hasher.dummy_hash]  # …so the dummy hash is verified
    assert hasher.dummy_hash.startswith("$argon2id$v=19$m=1024,t=2,p=1$")  # at today's cost


@pytest.mark.parametrize(
    "body",
    [
        {"username": {"$ne": None}, "password": PASSPHRASE},
        {"username": {"$regex": ".*"}, "password": PASSPHRASE},
        {"username": "ada", "password": {"$ne": None}},
        {"username": "ada", "password": {"$gt": ""}},
    ],
    ids=["username $ne", "username $regex", "password $ne", "password $gt"],
)
async def test_nosql_operator_injection_is_a_422(client, mongo_db, hasher, body) -> None:
    await signup(client, "ada")
    before = hasher.calls
    for path in ("/login", "/signup"):
        problem = assert_problem(await client.post(path, json=body), 422)
        assert problem["errors"][0]["type"] in {"string_type", "model_type"}
    assert hasher.calls == before and await mongo_db.users.count_documents({}) == 1


async def test_smuggling_a_hash_into_signup_is_refused(client, mongo_db, hasher) -> None:
    """Mass assignment: a client choosing its own stored hash would pick one it can log in with."""
    body = {"username": "mallory", "password": PASSPHRASE, "password_hash": legacy_bcrypt("x")}
    assert_problem(await client.post("/signup", json=body), 422)
    assert await mongo_db.users.count_documents({}) == 0 and hasher.calls == 0


@pytest.mark.parametrize("path", ["/signup", "/login"])
async def test_over_long_passwords_are_refused_before_any_hashing(
    client, mongo_db, hasher, path
) -> None:
    for password in ("x" * 1025, "x" * 200_000):
        problem = assert_problem(
            await client.post(path, json={"username": "ada", "password": password}), 422
        )
        assert problem["errors"][0]["type"] == "too_long"  # SecretStr's max_length
    assert_problem(
        await client.post(path, json={"username": "ada", "password": "x" * 1_100_000}), 413
    )
    assert hasher.calls == 0 and await mongo_db.users.count_documents({}) == 0


async def test_bcrypt_truncation_a_73_byte_password_is_not_its_72_byte_prefix(
    client, mongo_db
) -> None:
    """Old bcrypt libraries hashed only the first 72 bytes: "prefix + anything" logged in."""
    prefix = "p" * 72
    await seed(mongo_db, "legacy", legacy_bcrypt(prefix))
    for longer in (prefix + "X", prefix + " and whatever else the attacker likes"):
        assert_problem(await login(client, "legacy", longer), 401)
    assert (await login(client, "legacy", prefix)).status_code == 200  # the real one still works


async def test_bcrypt_nul_byte_is_a_plain_401_not_a_crash(client, mongo_db, hasher) -> None:
    old = legacy_bcrypt("abc")
    await seed(mongo_db, "legacy", old)
    answer = await login(client, "legacy", "abc\x00anything")
    assert_problem(answer, 401)
    assert hasher.verified_against[-1] == hasher.dummy_hash  # the same work as any wrong guess
    assert await stored_hash(mongo_db, "legacy") == old


@pytest.mark.parametrize("path", ["/signup", "/login"])
async def test_empty_password(client, mongo_db, hasher, path) -> None:
    await seed(mongo_db, "ada", legacy_bcrypt("abc"))
    for empty in ("", None):
        assert_problem(await client.post(path, json={"username": "ada", "password": empty}), 422)
    assert hasher.calls == 0 and await mongo_db.users.count_documents({}) == 1


async def test_online_guessing_pays_a_full_hash_per_guess(client, hasher) -> None:
    """No shortcut for a wrong guess: each of them costs the server (and the attacker) one verify.

    What makes it slow *offline* (a stolen table) is the hash cost; *online*, add a per-account
    limit (exercise 1) and Day 25's rate limiter.
    """
    await signup(client, "ada")
    guesses = ["password1", "letmein1", "ada12345", "correct horse", "Correct horse battery staple"]
    before = len(hasher.checks)
    for guess in guesses:
        assert_problem(await login(client, "ada", guess), 401)
    assert len(hasher.checks) - before == len(guesses)


async def test_the_policy_refuses_a_breached_password_before_hashing(
    client, mongo_db, hasher
) -> None:
    assert_problem(
        await client.post("/signup", json={"username": "ada", "password": "password123"}), 422
    )
    assert hasher.calls == 0 and await mongo_db.users.count_documents({}) == 0


async def test_unicode_expansion_cannot_smuggle_an_over_long_password(client, mongo_db) -> None:
    """U+FDFA is one character that NFKC turns into 18: 1024 of them pass the schema's bound."""
    await signup(client, "ada")
    expanding = "\ufdfa" * 1024  # 33 792 bytes once normalised; passlib's own limit is 4096
    assert_problem(await login(client, "ada", expanding), 401)  # a wrong password, not a 500
    problem = assert_problem(
        await client.post("/signup", json={"username": "bob", "password": expanding}), 422
    )
    assert "use at most 1024 characters" in problem["reasons"]
    assert await mongo_db.users.count_documents({}) == 1
