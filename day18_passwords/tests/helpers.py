"""Cheap, observable hashers for the tests, and small helpers shared by the test files.

Every test hashes at ``TEST_COST`` (Argon2id m=1024 KiB, t=2; bcrypt cost 4): about a
millisecond a hash, so the folder runs in seconds. The lesson itself never goes below the OWASP
floor (``config.py`` refuses it); only these injected hashers may, and they say so.
"""

from __future__ import annotations

import threading
from typing import Any

import httpx

from course.testing import assert_problem as assert_problem
from shared.security import TEST_COST, HashCost, PasswordHasher, Scheme

#: cheaper than TEST_COST in every Argon2 setting: what "an older, weaker hash" looks like here
WEAK = HashCost(argon2_memory_kib=256, argon2_time_cost=1, argon2_parallelism=1, bcrypt_rounds=4)
PASSPHRASE = "correct horse battery staple"


class CountingHasher(PasswordHasher):
    """A ``TEST_COST`` hasher that records what it was asked to do, and on which thread."""

    def __init__(self, scheme: Scheme = "argon2", workers: int = 2) -> None:
        super().__init__(TEST_COST, scheme=scheme, workers=workers, allow_below_floor=True)
        self.hashed = 0
        self.checks: list[str | None] = []  # the stored hash each verify was given
        self.verified_against: list[str] = []  # what passlib really verified against
        self.threads: set[str] = set()
        real_verify = self.context.verify

        def spy(secret: str, stored: str, **kwargs: Any) -> bool:
            self.verified_against.append(stored)
            return real_verify(secret, stored, **kwargs)

        self.context.verify = spy  # type: ignore[method-assign]

    @property
    def calls(self) -> int:
        return self.hashed + len(self.checks)

    def hash_blocking(self, password: str) -> str:
        self.hashed += 1
        self.threads.add(threading.current_thread().name)
        return super().hash_blocking(password)

    def verify_blocking(self, password: str, stored: str | None) -> Any:
        self.checks.append(stored)
        self.threads.add(threading.current_thread().name)
        return super().verify_blocking(password, stored)


class GatedHasher(CountingHasher):
    """Each verify does its real work, then waits at a gate the test opens: logins "in flight"."""

    def __init__(self, workers: int = 2) -> None:
        super().__init__(workers=workers)
        self.gate = threading.Event()
        self._lock = threading.Lock()
        self.in_flight = 0
        self.most_at_once = 0

    def verify_blocking(self, password: str, stored: str | None) -> Any:
        with self._lock:
            self.in_flight += 1
            self.most_at_once = max(self.most_at_once, self.in_flight)
        try:
            verdict = super().verify_blocking(password, stored)
            self.gate.wait(timeout=20)  # a safety net: the test opens it long before
            return verdict
        finally:
            with self._lock:
                self.in_flight -= 1


def weak_argon2(password: str) -> str:
    from passlib.hash import argon2

    return argon2.using(
        type="ID", memory_cost=WEAK.argon2_memory_kib, rounds=WEAK.argon2_time_cost, parallelism=1
    ).hash(password)


def legacy_bcrypt(password: str | bytes) -> str:
    import bcrypt

    data = password.encode() if isinstance(password, str) else password
    return bcrypt.hashpw(data, bcrypt.gensalt(4)).decode()


async def seed(db: Any, username: str, stored: str) -> Any:
    result = await db.users.insert_one({"username": username, "password_hash": stored})
    return result.inserted_id


async def stored_hash(db: Any, username: str) -> str:
    return (await db.users.find_one({"username": username}))["password_hash"]


async def signup(client: httpx.AsyncClient, username: str, password: str = PASSPHRASE) -> None:
    response = await client.post("/signup", json={"username": username, "password": password})
    assert response.status_code == 201, response.text
