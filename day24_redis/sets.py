"""Sets: unordered, unique members — SADD, SMEMBERS, and SINTER for what groups share.

Adding a member twice changes nothing (``SADD`` answers how many were *new*), and set algebra
runs inside Redis: ``SINTER a b`` returns the common members without shipping either set to
the client. Here a set holds the people who like a topic; the intersection is who likes both.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from redis.asyncio import Redis

from day24_redis.keyspace import KeysDep, Name, NameStr, RedisDep, Strict
from shared.errors import problem_responses

MAX_MEMBERS = 100


class MembersIn(Strict):
    members: list[NameStr] = Field(min_length=1, max_length=MAX_MEMBERS)


class AddedOut(BaseModel):
    added: int
    size: int


class MembersOut(BaseModel):
    members: list[str]


async def add(r: Redis, key: str, members: list[str]) -> tuple[int, int]:
    """SADD, then SCARD: (how many were new, the size now) in one round trip."""
    async with r.pipeline(transaction=False) as pipe:
        pipe.sadd(key, *members)
        pipe.scard(key)
        added, size = await pipe.execute()
    return added, size


async def common(r: Redis, keys: list[str]) -> list[str]:
    return sorted(await r.sinter(keys))  # sets have no order; sorted for stable answers


router = APIRouter(prefix="/sets", tags=["sets"])


@router.post("/{name}", response_model=AddedOut, responses=problem_responses(503))
async def add_members(name: Name, body: MembersIn, r: RedisDep, keys: KeysDep) -> AddedOut:
    """SADD: members already there are not added again."""
    added, size = await add(r, keys.key("set", name), body.members)
    return AddedOut(added=added, size=size)


@router.get("/{name}", response_model=MembersOut, responses=problem_responses(503))
async def members(name: Name, r: RedisDep, keys: KeysDep) -> MembersOut:
    """SMEMBERS (an empty list for a set that does not exist)."""
    return MembersOut(members=sorted(await r.smembers(keys.key("set", name))))


@router.get("/{name}/common", response_model=MembersOut, responses=problem_responses(503))
async def intersection(
    name: Name,
    r: RedisDep,
    keys: KeysDep,
    others: Annotated[list[NameStr], Query(alias="with", min_length=1, max_length=4)],
) -> MembersOut:
    """SINTER: the members of ``name`` that are also in every ``with`` set."""
    return MembersOut(members=await common(r, [keys.key("set", n) for n in [name, *others]]))
