"""Sign-up and login with typed bodies: the injection in ``vulnerable.py`` has nowhere to go.

The login filter is ``{"username": body.username}``, and ``body.username`` is a ``str`` —
Pydantic guaranteed it before this code ran. A string is never an operator, so
``{"$ne": null}`` cannot reach MongoDB: it is a 422 (``string_type``) at the door, and no query
is sent (the ``x-db-commands: none`` header on that answer says so).

Sign-up shows the other two rules of the day:

* ``extra="forbid"``: ``{"role": "admin"}`` is an unknown field, so a 422 — the server decides
  the role, always. (Ignoring unknown fields, Pydantic's default, is safe for *this* model, but
  the next person to add a ``role`` field to it would open the hole without noticing. Forbid,
  and the client learns about its typo too.)
* one spelling per name: usernames are NFKC-normalised and case-folded *before* the unique
  index sees them, so ``ｅｖｅ`` (full-width) after ``eve`` is a 409, not a second "eve".
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import os
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue
from pymongo.errors import DuplicateKeyError

from day17_validation.nesting import DepthLimitedRoute
from day17_validation.normalise import refuse_control_characters
from day17_validation.types import DisplayName, Email, JsonObject, Password, Username
from shared.errors import Conflict, Unauthorized, problem_responses
from shared.mongo import Db

USERS = "users"
router = APIRouter(route_class=DepthLimitedRoute, tags=["accounts"])


class SignupIn(BaseModel):
    # forbid: a field we did not declare is a mistake or an attack, never something to store
    model_config = ConfigDict(extra="forbid")

    username: Username
    email: Email
    password: Password
    display_name: DisplayName
    preferences: JsonObject = Field(default_factory=dict)


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: Username
    # Not the sign-up rules (old passwords may be shorter), but still a bounded string.
    password: Annotated[
        str, Field(min_length=1, max_length=128), AfterValidator(refuse_control_characters)
    ]


class UserOut(BaseModel):
    username: str
    email: str
    display_name: str
    role: str
    preferences: dict[str, JsonValue]


class LoginOut(BaseModel):
    username: str
    role: str
    note: str = "a real login would now issue a session or a token (Days 20-21)"


# --- password hashing, minimal: Day 18 is the lesson on it ---------------------------------

# scrypt is in the standard library and memory-hard; these are its commonly recommended
# interactive-login parameters (about 16 MB and a few tens of ms per hash).
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    _, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), **_SCRYPT)
    return hmac.compare_digest(candidate, bytes.fromhex(digest))


@functools.cache
def _dummy_hash() -> str:
    # An unknown user is checked against this, so both failures cost the same time.
    return hash_password("not-a-password-anyone-has")


# --- routes ---------------------------------------------------------------------------------


@router.post("/signup", status_code=201, response_model=UserOut, responses=problem_responses(409))
async def signup(body: SignupIn, db: Db) -> UserOut:
    # A cheap look first, so an obvious duplicate costs no hashing (tens of ms of CPU each).
    taken = await db[USERS].find_one(
        {"$or": [{"username": body.username}, {"email": body.email}]}, {"username": 1}
    )
    if taken is not None:
        field = "username" if taken["username"] == body.username else "e-mail address"
        raise Conflict(f"that {field} is already registered", field=field)
    user = {
        "username": body.username,
        "email": body.email,
        "display_name": body.display_name,
        # hashing is CPU work: off the event loop, so other requests keep moving
        "password_hash": await asyncio.to_thread(hash_password, body.password),
        "role": "member",  # the server's decision; the body cannot carry a role (extra=forbid)
        "preferences": body.preferences,
        "created_at": datetime.now(UTC),
    }
    try:
        await db[USERS].insert_one(user)
    except DuplicateKeyError as exc:
        # Two sign-ups racing past the look above: the unique index is what decides.
        field = _duplicated_field(exc)
        raise Conflict(f"that {field} is already registered", field=field) from None
    return UserOut(**user)


@router.post("/login", response_model=LoginOut, responses=problem_responses(401))
async def login(body: LoginIn, db: Db) -> LoginOut:
    # body.username is a str (Pydantic checked): this filter can only ever mean "equals".
    user = await db[USERS].find_one({"username": body.username})
    stored = user["password_hash"] if user else _dummy_hash()
    matches = await asyncio.to_thread(password_matches, body.password, stored)
    if user is None or not matches:
        # One message for both: which usernames exist is not the client's business.
        raise Unauthorized("wrong username or password")
    return LoginOut(username=user["username"], role=user["role"])


async def ensure_indexes(db: Any) -> None:
    await db[USERS].create_index("username", unique=True)
    await db[USERS].create_index("email", unique=True)


def _duplicated_field(exc: DuplicateKeyError) -> str:
    details = exc.details or {}
    # MongoDB names the index keys in keyPattern; nx-27017 only in its message.
    where = str(details.get("keyPattern") or details.get("errmsg", ""))
    return "e-mail address" if "email" in where else "username"
