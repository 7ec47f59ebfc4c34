"""Hashes: an object whose fields you read and change one at a time — HSET, HINCRBY, HGETALL.

A profile stored as one JSON string must be read, changed and written back to bump a
counter, and two clients doing that at once lose an update. In a hash each field is its own
value: ``HINCRBY profile visits 1`` changes one field, atomically, without reading the rest.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field
from redis.asyncio import Redis

from day24_redis.keyspace import KeysDep, Name, RedisDep, Strict
from shared.errors import NotFound, problem_responses


class ProfileIn(Strict):
    name: str = Field(min_length=1, max_length=80)
    city: str = Field(default="", max_length=80)


class ProfileOut(BaseModel):
    user: str
    name: str
    city: str
    visits: int


async def save(r: Redis, key: str, profile: ProfileIn) -> None:
    # HSET with a mapping writes these fields and leaves the others (visits) alone.
    await r.hset(key, mapping=profile.model_dump())


async def load(r: Redis, key: str) -> dict[str, str]:
    return await r.hgetall(key)  # {} when the key does not exist


def as_profile(user: str, fields: dict[str, str]) -> ProfileOut:
    return ProfileOut(
        user=user,
        name=fields.get("name", ""),
        city=fields.get("city", ""),
        visits=int(fields.get("visits", 0)),
    )


router = APIRouter(prefix="/profiles", tags=["hashes"])


@router.put("/{user}", response_model=ProfileOut, responses=problem_responses(503))
async def put_profile(user: Name, body: ProfileIn, r: RedisDep, keys: KeysDep) -> ProfileOut:
    """HSET name and city (visits, if any, stay as they are)."""
    key = keys.key("profile", user)
    await save(r, key, body)
    return as_profile(user, await load(r, key))


@router.get("/{user}", response_model=ProfileOut, responses=problem_responses(404, 503))
async def get_profile(user: Name, r: RedisDep, keys: KeysDep) -> ProfileOut:
    """HGETALL: every field of the hash, in one command."""
    fields = await load(r, keys.key("profile", user))
    if not fields:
        raise NotFound(f"no profile for {user!r}")
    return as_profile(user, fields)


@router.post("/{user}/visits", response_model=ProfileOut, responses=problem_responses(404, 503))
async def count_visit(user: Name, r: RedisDep, keys: KeysDep) -> ProfileOut:
    """HINCRBY visits 1: one field changed in place, the others untouched."""
    key = keys.key("profile", user)
    # HEXISTS first so a visit never creates a half profile (this app deletes no profiles,
    # so nothing can remove it between the two commands).
    if not await r.hexists(key, "name"):
        raise NotFound(f"no profile for {user!r}")
    await r.hincrby(key, "visits", 1)
    return as_profile(user, await load(r, key))
