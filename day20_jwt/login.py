"""Who may log in: two demo users in memory, and a password check that takes constant time.

The passwords are stored in plain text **only because this lesson is about tokens**: Day 18
stores passwords properly (a slow, salted hash such as Argon2id). What this file does show
is the comparison itself. ``==`` stops at the first differing byte, so the time it takes
leaks how much of a guess was right; ``hmac.compare_digest`` takes the same time whatever
the inputs. Comparing two SHA-256 digests (always 32 bytes) also hides the password length,
and an unknown user is compared against a dummy, so "no such user" is neither faster nor
differently worded than "wrong password".
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

#: the largest number of notes one user may keep (memory is not infinite)
MAX_NOTES = 50
_DUMMY_PASSWORD = "no user has this password, it only costs the same time"


@dataclass
class User:
    username: str
    name: str
    password: str = field(repr=False)
    notes: list[str] = field(default_factory=list)


def demo_users() -> dict[str, User]:
    """A fresh set per app, so one test's notes never leak into another's."""
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
    user = users.get(username)
    # Always compare, even for an unknown user: skipping it would make that answer faster.
    matched = passwords_match(password, user.password if user else _DUMMY_PASSWORD)
    return user if user is not None and matched else None
