"""The password policy, after NIST SP 800-63B: length and known-bad lists, no composition rules."""

from __future__ import annotations

import pytest

from day18_passwords.app import create_app
from day18_passwords.policy import MAX_PASSWORD_CHARS, PasswordPolicy
from day18_passwords.tests.helpers import CountingHasher, assert_problem


async def signup(client, password: str, username: str = "ada"):
    return await client.post("/signup", json={"username": username, "password": password})


async def test_eight_characters_are_enough_seven_are_not(client, mongo_db) -> None:
    short = assert_problem(await signup(client, "abcdxyz"), 422)
    assert short["type"] == "/problems/weak-password"
    assert short["reasons"] == ["use at least 8 characters (a passphrase works well)"]
    assert "abcdxyz" not in repr(short)
    assert (await signup(client, "abcdxyzw")).status_code == 201


async def test_no_composition_rules(client) -> None:
    """No digit, no symbol, no capital: a long passphrase of plain words is a good password."""
    assert (await signup(client, "purple monkey dishwasher tuesday")).status_code == 201


async def test_passphrases_up_to_1024_characters_and_not_one_more(client, mongo_db) -> None:
    longest = "long passphrase " * (MAX_PASSWORD_CHARS // 16)
    assert len(longest) == MAX_PASSWORD_CHARS
    assert (await signup(client, longest)).status_code == 201
    assert (
        await client.post("/login", json={"username": "ada", "password": longest})
    ).status_code == 200
    assert_problem(await signup(client, longest + "!", username="bob"), 422)
    assert await mongo_db.users.count_documents({}) == 1


@pytest.mark.parametrize("password", ["password123", "PassWord123", "iloveyou1", "Qwertyuiop"])
async def test_breached_passwords_are_refused_in_any_case(
    client, mongo_db, hasher, password: str
) -> None:
    problem = assert_problem(await signup(client, password), 422)
    assert any("breached" in reason for reason in problem["reasons"])
    assert await mongo_db.users.count_documents({}) == 0 and hasher.calls == 0


async def test_the_username_is_not_a_password(client) -> None:
    problem = assert_problem(await signup(client, "AdaLovelace", username="adalovelace"), 422)
    assert problem["reasons"] == ["the password must not be the username"]


@pytest.mark.parametrize("password", ["nul\x00in the middle", "a new\nline here", "tab\there too"])
async def test_control_characters_are_refused(client, password: str) -> None:
    problem = assert_problem(await signup(client, password), 422)
    assert any("control characters" in reason for reason in problem["reasons"])


async def test_every_reason_is_listed_at_once() -> None:
    reasons = PasswordPolicy(max_bytes=72).problems("ada\x00")
    assert len(reasons) == 2  # too short and a control character
    assert PasswordPolicy().problems("ü" * 40) == []  # 80 bytes: no byte limit with Argon2
    assert PasswordPolicy(max_bytes=72).problems("ü" * 40) == [
        "use at most 72 bytes in UTF-8 (a bcrypt limit)"
    ]


async def test_unicode_is_normalised_nfkc(client) -> None:
    """An "é" typed as one code point or as "e" + a combining accent: the same password."""
    assert (await signup(client, "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e")).status_code == 201
    login = await client.post(
        "/login", json={"username": "ada", "password": "cafe\u0301 cre\u0300me bru\u0302le\u0301e"}
    )
    assert login.status_code == 200


async def test_with_bcrypt_as_the_scheme_over_72_bytes_is_refused_by_name(
    mongo_db, client_for
) -> None:
    hasher = CountingHasher(scheme="bcrypt")
    try:
        async with client_for(create_app(mongo_db, hasher=hasher)) as client:
            assert (await client.get("/password-policy")).json()["max_bytes"] == 72
            problem = assert_problem(await signup(client, "é" * 36 + "x"), 422)  # 73 bytes
            assert problem["reasons"] == ["use at most 72 bytes in UTF-8 (a bcrypt limit)"]
            assert hasher.calls == 0
            assert (await signup(client, "é" * 36)).status_code == 201  # exactly 72 bytes
            assert (await mongo_db.users.find_one({}))["password_hash"].startswith("$2b$04$")
    finally:
        hasher.close()
    with pytest.raises(ValueError, match="at most 72 bytes"):
        hasher.hash_blocking("x" * 73)  # the hasher's own guard, behind the policy
