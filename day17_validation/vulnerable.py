"""How NoSQL injection happens — the code the lesson exists to stop. Never mounted in the app.

Every function here takes JSON the client sent, *parsed but not validated*, and hands it to
MongoDB. Parsed JSON is not just strings: it can hold objects, and to MongoDB an object in a
filter is a query operator. So the "password" ``{"$ne": null}`` does not mean "this text", it
means "anything that is not null" — and the login below lets anyone in as admin:

    await login(db, {"username": "admin", "password": {"$ne": None}})   # -> the admin document

Each flaw is marked ``# FLAW:``. The tests and ``python -m day17_validation demo`` call these
functions against a scratch database; ``accounts.py`` is the same API done right, where the
body is a typed model and a dict where a string belongs is a 422 before any query is built.
"""

from __future__ import annotations

from typing import Any

#: this module's own collection, so its plain-text passwords never sit next to real accounts
COLLECTION = "vulnerable_users"


async def seed(db: Any) -> None:
    """Two users, stored the way this module expects them."""
    await db[COLLECTION].insert_many(
        [
            # FLAW: plain-text passwords (Day 18 hashes them). Even correct hashing would not
            # save the login below: {"$ne": null} matches a hash as happily as a password.
            {"username": "admin", "password": "correct horse battery staple", "role": "admin"},
            {"username": "eve", "password": "hunter22", "role": "member"},
        ]
    )


async def login(db: Any, body: dict[str, Any]) -> dict[str, Any] | None:
    """The user whose username and password match the body, or None. Injectable."""
    # FLAW: body values go into the filter as they came. {"$ne": null}, {"$gt": ""} and
    # {"$regex": ".*"} are operators to MongoDB, and each matches the admin's password.
    return await db[COLLECTION].find_one(
        {"username": body.get("username"), "password": body.get("password")},
        {"_id": 0, "password": 0},
    )


async def search(db: Any, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """Users matching whatever fields the client sent ("filter by any field"). Injectable."""
    # FLAW: the whole object is the filter: {"$where": "…"} runs JavaScript on the server
    # (where server-side JavaScript is enabled), {"password": {"$regex": "^a"}} guesses a
    # password one character at a time, {} dumps every user.
    return await db[COLLECTION].find(filters, {"_id": 0}).to_list(100)


async def signup(db: Any, body: dict[str, Any]) -> dict[str, Any]:
    """Store the new user. Mass-assignable."""
    # FLAW: every field the client sent is stored, including ones it must not choose —
    # {"role": "admin"} makes an administrator.
    document = {"role": "member", **body}
    await db[COLLECTION].insert_one(document)
    document.pop("_id", None)
    document.pop("password", None)
    return document
