"""Users in MongoDB: sign up with a fresh hash, log in with a check that tells nothing away.

A user document holds the hash, never the password::

    {"_id": ObjectId(…), "username": "ada",
     "password_hash": "$argon2id$v=19$m=19456,t=2,p=1$…$…",
     "created_at": …, "hash_updated_at": …}

Login answers one :class:`InvalidCredentials` for an unknown user and for a wrong password, and
spends the same work on both (the hasher checks unknown users against a dummy hash). When the
stored hash is outdated — bcrypt, or Argon2 with other parameters — a successful login is the
only moment the password is known again, so that is when it is re-hashed.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from day18_passwords.phc import parse
from shared.errors import Conflict, Unauthorized
from shared.security import PasswordHasher

log = logging.getLogger("course.day18")
COLLECTION = "users"


class InvalidCredentials(Unauthorized):
    """One answer for "no such user" and "wrong password": the body must not tell them apart."""

    type = "/problems/invalid-credentials"
    title = "Invalid credentials"

    def __init__(self) -> None:
        super().__init__("the username or the password is wrong")


class UsernameTaken(Conflict):
    type = "/problems/username-taken"
    title = "Username taken"


async def ensure_indexes(db: AsyncDatabase) -> None:
    # The index, not a find-before-insert, is what makes two racing sign-ups end in one user.
    await db[COLLECTION].create_index("username", unique=True)


async def create_user(
    db: AsyncDatabase, hasher: PasswordHasher, username: str, password: str
) -> dict[str, Any]:
    now = datetime.now(UTC)
    user = {
        "username": username,
        "password_hash": await hasher.hash(password),
        "created_at": now,
        "hash_updated_at": now,
    }
    try:
        await db[COLLECTION].insert_one(user)
    except DuplicateKeyError:
        # Sign-up cannot help telling that a name is taken; login never does (see README).
        raise UsernameTaken(f"the username {username!r} is taken") from None
    return user


async def authenticate(
    db: AsyncDatabase, hasher: PasswordHasher, username: str, password: str
) -> dict[str, Any]:
    """The user, if ``password`` is theirs; :class:`InvalidCredentials` otherwise."""
    # `username` is a str (the schema is strict), so this is an equality match, never an operator.
    user = await db[COLLECTION].find_one({"username": username})
    stored = user["password_hash"] if user else None
    verdict = await hasher.verify(password, stored)  # None: the dummy hash, same cost
    if user is None or not verdict.ok:
        raise InvalidCredentials
    if verdict.new_hash is not None:
        if await replace_hash(db, user["_id"], stored, verdict.new_hash):
            log.info(
                "re-hashed %s's password: %s -> %s",
                username,
                _describe(stored),
                _describe(verdict.new_hash),
            )
    return user


async def replace_hash(db: AsyncDatabase, user_id: Any, old_hash: str, new_hash: str) -> bool:
    """Swap ``old_hash`` for ``new_hash`` only if ``old_hash`` is still the stored one.

    One conditional ``update_one`` is atomic: if the password changed between our read and
    this write, the filter matches nothing and the newer password stays — a stale login must
    not bring the old password back.
    """
    result = await db[COLLECTION].update_one(
        {"_id": user_id, "password_hash": old_hash},
        {"$set": {"password_hash": new_hash, "hash_updated_at": datetime.now(UTC)}},
    )
    return result.modified_count == 1


def _describe(stored: str | None) -> str:
    try:
        return parse(stored or "").describe()
    except ValueError:
        return "an unknown format"
