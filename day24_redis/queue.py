"""Lists as a queue: LPUSH at one end, BRPOP at the other — first in, first out.

A worker that polls an empty queue (``RPOP``, sleep, ``RPOP``…) either wastes round trips or
reacts late. ``BRPOP key timeout`` *blocks* inside Redis until a job arrives or the timeout
passes, and when several workers block on the same list each job goes to exactly one.

What it cannot do: once popped, a job exists only in the worker's memory. If the worker
crashes, the job is gone. ``BLMOVE`` into a "processing" list fixes that (exercise 2); streams
with consumer groups (``streams.py``) are the full answer.
"""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel, Field
from redis.asyncio import Redis

from day24_redis.keyspace import KeysDep, RedisDep, Strict
from shared.errors import problem_responses

#: the longest a request may block waiting for a job (below the client's socket timeout)
MAX_WAIT_MS = 1000


class JobIn(Strict):
    job: str = Field(min_length=1, max_length=200)


class TakeIn(Strict):
    #: how long to block for a job; 0 means "don't wait" (RPOP). BRPOP's own 0 would mean
    #: "wait forever", which an HTTP request must never do.
    wait_ms: int = Field(default=500, ge=0, le=MAX_WAIT_MS)


class QueuedOut(BaseModel):
    length: int


class TakenOut(BaseModel):
    job: str | None


class QueueOut(BaseModel):
    #: oldest first: the order workers will take them in
    jobs: list[str]


async def push(r: Redis, key: str, job: str) -> int:
    return await r.lpush(key, job)  # the new length


async def take(r: Redis, key: str, wait_ms: int) -> str | None:
    if wait_ms == 0:
        return await r.rpop(key)
    popped = await r.brpop([key], timeout=wait_ms / 1000)  # Redis 6+: a fractional timeout
    return popped[1] if popped else None  # BRPOP answers (list name, value)


router = APIRouter(prefix="/queue", tags=["lists"])


@router.post(
    "/jobs",
    response_model=QueuedOut,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(503),
)
async def enqueue(body: JobIn, r: RedisDep, keys: KeysDep) -> QueuedOut:
    """LPUSH a job onto the queue."""
    return QueuedOut(length=await push(r, keys.key("queue", "jobs"), body.job))


@router.post("/jobs/take", response_model=TakenOut, responses=problem_responses(503))
async def dequeue(body: TakeIn, r: RedisDep, keys: KeysDep) -> TakenOut:
    """BRPOP the oldest job, blocking up to ``wait_ms``; ``job`` is null if none came."""
    return TakenOut(job=await take(r, keys.key("queue", "jobs"), body.wait_ms))


@router.get("/jobs", response_model=QueueOut, responses=problem_responses(503))
async def waiting(r: RedisDep, keys: KeysDep) -> QueueOut:
    """LRANGE: what is waiting, oldest first."""
    newest_first = await r.lrange(keys.key("queue", "jobs"), 0, -1)
    return QueueOut(jobs=newest_first[::-1])
