"""Keys: one prefix per app, one namespace per data type — so many apps can share one Redis.

A Redis database is one flat dictionary of keys. Nothing stops two programs (or two test runs)
from writing ``leaderboard`` at the same time, so every key this lesson writes starts with a
prefix (``day24:`` by default, a per-test one in the tests) and the kind of thing it holds::

    day24:leaderboard:weekly      a sorted set
    day24:string:greeting         a string
    day24:lock:product:1          the stampede lock of product 1's cache entry

Names that come from a request are checked against :data:`NAME_PATTERN` first: a ``:`` would
let a client reach into another namespace, and ``*`` or ``?`` are wildcards to ``SCAN``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request
from pydantic import BaseModel, ConfigDict, StringConstraints
from redis.asyncio import Redis

DEFAULT_PREFIX = "day24:"
#: letters, digits, ``_ . -``; 1–64 characters — no ``:``, no wildcards, no spaces
NAME_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"

#: a name inside a path: ``/leaderboards/{board}``
Name = Annotated[str, Path(pattern=NAME_PATTERN)]
#: a name inside a body or a query
NameStr = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]


@dataclass(frozen=True)
class Keyspace:
    """Builds every key the lesson uses: ``<prefix><kind>:<part>:<part>``."""

    prefix: str = DEFAULT_PREFIX

    def key(self, kind: str, *parts: str | int) -> str:
        return ":".join([f"{self.prefix}{kind}", *(str(p) for p in parts)])


class Strict(BaseModel):
    """Request bodies refuse unknown fields: a typo is a 422, not a silently ignored field."""

    model_config = ConfigDict(extra="forbid")


def redis_of(request: Request) -> Redis:
    return request.app.state.redis


def keys_of(request: Request) -> Keyspace:
    return request.app.state.keys


RedisDep = Annotated[Redis, Depends(redis_of)]
KeysDep = Annotated[Keyspace, Depends(keys_of)]
