"""Strings: the simplest value, with a lifetime — SET with EX/NX, INCR, GETEX.

A Redis string is up to 512 MB of bytes; here, short text and counters. Three ideas:

* ``SET key value EX 60 NX`` is **one** command: "write it, expiring in 60 s, only if absent".
  ``SET`` followed by ``EXPIRE`` would leave an immortal key if the client died in between,
  and ``GET`` followed by ``SET`` lets two clients both see "absent". NX is how locks and
  idempotency keys are taken.
* ``INCR`` is a read-modify-write done inside the server, so 100 clients incrementing at
  once lose nothing — unlike ``GET``, ``+1`` in Python, ``SET``.
* ``GETEX key EX 60`` reads a value and pushes its expiry back in one step: a sliding session.
"""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from day24_redis.keyspace import KeysDep, Name, RedisDep, Strict
from shared.errors import Conflict, NotFound, problem_responses

MAX_VALUE_CHARS = 1000
MAX_TTL_S = 86_400


class StringIn(Strict):
    value: str = Field(max_length=MAX_VALUE_CHARS)
    #: seconds until Redis deletes the key itself; None: it lives until deleted
    ttl_s: int | None = Field(default=None, ge=1, le=MAX_TTL_S)
    #: NX: write only if the key does not exist yet
    only_if_new: bool = False


class IncrIn(Strict):
    by: int = Field(default=1, ge=-1_000_000, le=1_000_000)


class StringOut(BaseModel):
    name: str
    value: str
    #: seconds left before it expires; None: no expiry
    ttl_s: int | None


class CounterOut(BaseModel):
    name: str
    value: int


async def put(r: Redis, key: str, value: str, ttl_s: int | None, only_if_new: bool) -> bool:
    """SET … [EX ttl] [NX]; False when NX found the key already there."""
    return bool(await r.set(key, value, ex=ttl_s, nx=only_if_new))


async def read(r: Redis, key: str, extend_ttl_s: int | None = None) -> tuple[str | None, int]:
    """The value (or None) and its TTL in seconds (-1: none, -2: no such key).

    GET (or GETEX) and TTL go in one pipeline: two commands, one round trip.
    """
    async with r.pipeline(transaction=False) as pipe:
        if extend_ttl_s:
            pipe.getex(key, ex=extend_ttl_s)
        else:
            pipe.get(key)
        pipe.ttl(key)
        value, ttl = await pipe.execute()
    return value, ttl


async def incr(r: Redis, key: str, by: int = 1) -> int:
    """INCRBY: a missing key counts from 0; a key's TTL is kept."""
    try:
        return await r.incrby(key, by)
    except ResponseError as exc:
        # "value is not an integer or out of range", or "would overflow" past 2**63 - 1
        raise Conflict(f"cannot increment: {exc}") from exc


router = APIRouter(prefix="/strings", tags=["strings"])


@router.put("/{name}", response_model=StringOut, responses=problem_responses(409, 503))
async def put_string(name: Name, body: StringIn, r: RedisDep, keys: KeysDep) -> StringOut:
    """SET with an optional EX (seconds) and NX (only if new): one atomic command."""
    key = keys.key("string", name)
    if not await put(r, key, body.value, body.ttl_s, body.only_if_new):
        raise Conflict(f"{name!r} already exists (only_if_new is set)")
    return StringOut(name=name, value=body.value, ttl_s=body.ttl_s)


@router.get("/{name}", response_model=StringOut, responses=problem_responses(404, 503))
async def get_string(
    name: Name,
    r: RedisDep,
    keys: KeysDep,
    extend_ttl_s: int | None = Query(None, ge=1, le=MAX_TTL_S, description="GETEX … EX n"),
) -> StringOut:
    """GET, or GETEX when ``extend_ttl_s`` is given: read and push the expiry back."""
    value, ttl = await read(r, keys.key("string", name), extend_ttl_s)
    if value is None:
        raise NotFound(f"no string named {name!r} (never set, or expired)")
    return StringOut(name=name, value=value, ttl_s=ttl if ttl >= 0 else None)


@router.post("/{name}/incr", response_model=CounterOut, responses=problem_responses(409, 503))
async def incr_string(name: Name, body: IncrIn, r: RedisDep, keys: KeysDep) -> CounterOut:
    """INCRBY: atomic inside Redis, however many clients increment at once."""
    return CounterOut(name=name, value=await incr(r, keys.key("string", name), body.by))
