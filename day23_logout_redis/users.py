"""Who may log in: the course's two demo users, in memory, checked in constant time.

Today is about logging *out*, so the passwords sit here in plain text (Day 18 stores them as
slow, salted hashes). The comparison is still done right: ``hmac.compare_digest`` over two
SHA-256 digests takes the same time whatever was typed, and an unknown user is compared
against a dummy, so "no such user" is neither faster nor worded differently than "wrong
password".
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

#: usernames end up inside Redis keys (the failed-login counter): no ``:``, no wildcards
USERNAME_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"
_DUMMY_PASSWORD = "no user has this password, it only costs the same time"


@dataclass(frozen=True)
class User:
    username: str
    name: str
    password: str = field(repr=False)


def demo_users() -> dict[str, User]:
    return {
        "ada": User("ada", "Ada Lovelace", "analytical-engine"),
        "grace": User("grace", "Grace Hopper", "compiler-1952"),
    }


def authenticate(users: dict[str, User], username: str, password: str) -> User | None:
    user = users.get(username)
    stored = user.password if user else _DUMMY_PASSWORD
    matched = hmac.compare_digest(
        hashlib.sha256(password.encode()).digest(), hashlib.sha256(stored.encode()).digest()
    )
    return user if user is not None and matched else None
