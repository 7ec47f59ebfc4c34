"""Pipelines: send many commands, then read all the answers — one round trip instead of N.

Each ``await r.set(...)`` writes a command and waits for its answer before the next one is
sent. On loopback a round trip is some tens of microseconds, across a data centre about half a
millisecond: 1,000 SETs one by one pay that 1,000 times, while Redis itself needs about a
microsecond per SET. A pipeline buffers the commands, sends them together and reads the
replies together (``python -m course bench 24`` measures both, side by side).

A pipeline is **not** a transaction (``transaction=False``): other clients' commands may run
between its commands, and a command that fails does not undo the ones before it — each gets
its own reply, error or not (:func:`partial_failure`). For "all of these, with nothing in
between" see ``transactions.py`` (MULTI/EXEC) and ``scripts.py`` (Lua).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from redis.asyncio import Redis

from day24_redis.keyspace import KeysDep, NameStr, RedisDep, Strict
from day24_redis.strings import MAX_VALUE_CHARS
from shared.errors import problem_responses

MAX_BATCH = 1000


async def set_one_by_one(r: Redis, items: dict[str, str]) -> None:
    for key, value in items.items():
        await r.set(key, value)  # one round trip each


async def set_pipelined(r: Redis, items: dict[str, str]) -> list[Any]:
    async with r.pipeline(transaction=False) as pipe:
        for key, value in items.items():
            pipe.set(key, value)  # buffered in the client, nothing sent yet
        return await pipe.execute()  # sent together; all replies read together


async def partial_failure(r: Redis, ok_key: str, not_a_number: str, later_key: str) -> list[Any]:
    """SET, INCR on a non-number, SET — the middle one fails, both SETs still happen."""
    await r.set(not_a_number, "hello")
    async with r.pipeline(transaction=False) as pipe:
        pipe.set(ok_key, "1").incr(not_a_number).set(later_key, "3")
        # raise_on_error=False: the errors come back in the list instead of raising after
        # the fact (the commands have run either way).
        return await pipe.execute(raise_on_error=False)


class BulkIn(Strict):
    values: dict[NameStr, Annotated[str, Field(max_length=MAX_VALUE_CHARS)]] = Field(
        min_length=1, max_length=MAX_BATCH
    )


class BulkOut(BaseModel):
    written: int
    round_trips: int


router = APIRouter(prefix="/pipeline", tags=["pipelines"])


@router.post("/strings", response_model=BulkOut, responses=problem_responses(503))
async def bulk_set(body: BulkIn, r: RedisDep, keys: KeysDep) -> BulkOut:
    """SET many strings (readable at ``GET /strings/{name}``) in one pipelined round trip."""
    replies = await set_pipelined(r, {keys.key("string", k): v for k, v in body.values.items()})
    return BulkOut(written=sum(1 for reply in replies if reply is True), round_trips=1)
