"""What the API accepts and answers. Strict types are the NoSQL-injection defence.

``{"username": {"$ne": null}}`` is valid JSON, and handed to ``find_one`` it would match the
first user in the collection. With ``strict=True`` a ``str`` field accepts only a JSON string,
so such a body is a 422 before any query runs; ``extra="forbid"`` refuses fields we did not ask
for (a ``password_hash`` smuggled into a sign-up, say).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from day18_passwords.policy import MAX_PASSWORD_CHARS

Username = Annotated[
    str,
    Field(
        min_length=3,
        max_length=32,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="3–32 of A–Z a–z 0–9 _ . - (case-insensitive: stored lower-case)",
        examples=["ada"],
    ),
]
# SecretStr: the password never shows in a repr, a log line or a validation error.
# max_length is the DoS guard: nothing longer ever reaches a hash function.
Password = Annotated[
    SecretStr,
    Field(min_length=1, max_length=MAX_PASSWORD_CHARS, examples=["correct horse battery staple"]),
]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class Credentials(Strict):
    username: Username
    password: Password


class SignedUp(BaseModel):
    username: str
    created_at: datetime


class LoggedIn(BaseModel):
    username: str
    detail: str = "password accepted (Day 20 answers with a token here)"


class PolicyOut(BaseModel):
    min_length: int
    max_length: int
    max_bytes: int | None = Field(description="set when new hashes are bcrypt (72)")
    rules: list[str]


class StoredHash(BaseModel):
    """What the development-only view shows of a stored hash: never the hash or the salt."""

    username: str
    scheme: str
    params: dict[str, int]
    outdated: bool = Field(description="the next successful login re-hashes it")
