"""What a password hash is: one-way, salted, self-describing — and which hashes are outdated."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from day18_passwords import demo
from day18_passwords.app import create_app
from day18_passwords.config import PasswordSettings
from day18_passwords.phc import parse
from day18_passwords.tests.helpers import (
    PASSPHRASE,
    CountingHasher,
    legacy_bcrypt,
    weak_argon2,
)
from shared.security import OWASP_FLOOR, TEST_COST, HashCost, PasswordHasher, make_context


def test_encryption_gives_the_password_back_a_hash_does_not_contain_it() -> None:
    token, recovered = demo.reversible(PASSPHRASE)
    assert recovered == PASSPHRASE  # whoever holds the key reads every password
    stored = make_context(TEST_COST).hash(PASSPHRASE)
    assert PASSPHRASE not in stored and PASSPHRASE not in token


def test_two_hashes_of_one_password_differ_by_their_salt(hasher: CountingHasher) -> None:
    first, second = hasher.hash_blocking(PASSPHRASE), hasher.hash_blocking(PASSPHRASE)
    assert first != second
    a, b = parse(first), parse(second)
    assert a.salt != b.salt and a.digest != b.digest
    assert (a.scheme, a.version, a.params) == (b.scheme, b.version, b.params)


def test_the_phc_string_carries_scheme_parameters_salt_and_digest(hasher: CountingHasher) -> None:
    stored = hasher.hash_blocking(PASSPHRASE)
    assert stored.startswith("$argon2id$v=19$m=1024,t=2,p=1$")
    info = parse(stored)
    assert info.scheme == "argon2id" and info.version == "19"
    assert info.params == {"m": 1024, "t": 2, "p": 1}
    assert len(info.salt) == 16 and len(info.digest) == 32


def test_verifying_is_hashing_again_with_the_stored_salt(hasher: CountingHasher) -> None:
    """Everything verify needs is in the string: salt and parameters, read back, give the digest."""
    stored = hasher.hash_blocking(PASSPHRASE)
    assert demo.recompute(PASSPHRASE, stored) == parse(stored).digest
    assert demo.recompute(PASSPHRASE + "!", stored) != parse(stored).digest


def test_a_bcrypt_hash_parses_too() -> None:
    info = parse(legacy_bcrypt("a-ship-in-port-is-safe"))
    assert (info.scheme, info.version, info.params) == ("bcrypt", "2b", {"cost": 4})
    assert len(info.salt) == 16 and len(info.digest) == 23
    with pytest.raises(ValueError, match="not an Argon2"):
        parse("5f4dcc3b5aa765d61d8327deb882cf99")  # an unsalted MD5: no scheme, no salt


def test_new_hashes_are_argon2id_and_old_schemes_or_parameters_are_outdated() -> None:
    context = make_context(TEST_COST)
    assert context.identify(context.hash(PASSPHRASE)) == "argon2"
    assert context.hash(PASSPHRASE).startswith("$argon2id$")
    assert not context.needs_update(context.hash(PASSPHRASE))
    assert context.needs_update(legacy_bcrypt(PASSPHRASE))  # deprecated="auto": not the default
    assert context.needs_update(weak_argon2(PASSPHRASE))  # m and t below today's
    from passlib.hash import argon2

    argon2i = argon2.using(type="I", memory_cost=1024, rounds=2, parallelism=1).hash(PASSPHRASE)
    assert context.needs_update(argon2i)  # the variant counts too


def test_the_floor_is_owasps_minimum_and_the_lesson_refuses_less(monkeypatch) -> None:
    assert (
        OWASP_FLOOR.argon2_memory_kib,
        OWASP_FLOOR.argon2_time_cost,
        OWASP_FLOOR.argon2_parallelism,
        OWASP_FLOOR.bcrypt_rounds,
    ) == (19456, 2, 1, 10)
    with pytest.raises(ValueError, match="argon2_memory_kib, argon2_time_cost"):
        PasswordHasher(HashCost(1024, 1, 1, 10))
    with pytest.raises(ValidationError):
        PasswordSettings(bcrypt_rounds=9)
    monkeypatch.setenv("DAY18_ARGON2_MEMORY_KIB", "1024")
    with pytest.raises(ValidationError, match="greater than or equal to 19456"):
        create_app()


def test_unicode_is_normalised_before_hashing(hasher: CountingHasher) -> None:
    composed, decomposed = "caf\u00e9 au lait", "cafe\u0301 au lait"
    assert composed != decomposed
    assert hasher.verify_blocking(decomposed, hasher.hash_blocking(composed)).ok


def test_the_demo_tells_the_story(capsys) -> None:
    assert demo.main([]) == 0
    out = capsys.readouterr().out
    assert "decrypted         'correct horse battery staple'" in out
    assert "different salt → different hashes: True" in out
    assert "by hand, right password  → digest matches: True" in out
    assert "'a' × 72 + 'X' (73 bytes) verifies?  False" in out
    assert "new hash to store                    argon2id m=19456,t=2,p=1" in out
