"""Introduced on Day 20: who may log in — the course's two demo users, checked in constant time.

Days 20, 21 and 23 are about tokens and sessions, not about storing passwords, so the two
users live in memory with their passwords in plain text; Day 18 stores passwords properly (a
slow, salted hash such as Argon2id, in ``shared.security``). What this module does show is
the comparison itself, and it is done right:

* ``==`` stops at the first differing byte, so the time it takes leaks how much of a guess
  was right; :func:`hmac.compare_digest` takes the same time whatever the inputs.
* Comparing two SHA-256 digests (always 32 bytes) rather than the passwords also hides the
  password's length.
* An unknown user is compared against a dummy password, so "no such user" is neither faster
  nor worded differently than "wrong password" (the routes answer both with one message).

:class:`User` is frozen: what a lesson keeps per user (Day 20's notes) lives beside it, keyed
by ``username``, so every lesson shares the same two users.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

_DUMMY_PASSWORD = "no user has this password, it only costs the same time"


@dataclass(frozen=True)
class User:
    username: str
    name: str
    password: str = field(repr=False)


def demo_users() -> dict[str, User]:
    """A fresh dict per app, so one app (or test) changing its users never touches another's."""
    return {
        "ada": User("ada", "Ada Lovelace", "analytical-engine"),
        "grace": User("grace", "Grace Hopper", "compiler-1952"),
    }


def passwords_match(given: str, stored: str) -> bool:
    """Constant-time equality of two passwords (the time depends on neither)."""
    return hmac.compare_digest(
        hashlib.sha256(given.encode()).digest(), hashlib.sha256(stored.encode()).digest()
    )


def authenticate(users: dict[str, User], username: str, password: str) -> User | None:
    """The user these credentials name, or None — one answer for both ways of being wrong."""
    user = users.get(username)
    # Always compare, even for an unknown user: skipping it would make that answer faster.
    matched = passwords_match(password, user.password if user else _DUMMY_PASSWORD)
    return user if user is not None and matched else None
