"""Streams with a consumer group: a log that remembers who read what, and who never finished.

A stream is an append-only log of entries (``XADD`` gives each an id ``<ms>-<seq>``). A
**consumer group** reads it as a team: ``XREADGROUP … >`` hands each new entry to exactly one
consumer of the group and records it in the group's **pending entries list** (PEL) until that
consumer says ``XACK``. That list is what a plain queue lacks:

1. consumer ``c1`` reads two orders, then crashes before acknowledging them;
2. ``XPENDING`` shows them: owner ``c1``, idle for N ms, delivered once;
3. consumer ``c2`` runs ``XCLAIM`` with a minimum idle time — "give me entries nobody has
   touched for 30 s" — and they become ``c2``'s; it processes and ``XACK``s them.

The minimum idle time is what keeps ``c2`` from stealing work ``c1`` is still busy with.
Delivery is therefore **at-least-once**: a consumer that did the work but crashed before
``XACK`` gets it done twice, so handlers must be idempotent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, status
from pydantic import BaseModel, Field, StringConstraints
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from day24_redis.keyspace import KeysDep, Keyspace, NameStr, RedisDep, Strict
from shared.errors import problem_responses

GROUP = "shipping"
#: XADD trims the stream to about this many entries (MAXLEN ~): a log must not grow forever
MAX_ENTRIES = 10_000
MAX_BLOCK_MS = 1000
T = TypeVar("T")
EntryId = Annotated[str, StringConstraints(pattern=r"^\d{1,19}-\d{1,19}$")]


class OrderIn(Strict):
    item: str = Field(min_length=1, max_length=80)
    qty: int = Field(ge=1, le=1000)


class ReadIn(Strict):
    consumer: NameStr
    count: int = Field(default=10, ge=1, le=100)
    #: 0: answer at once. (XREADGROUP's own BLOCK 0 means "forever": never from a request.)
    block_ms: int = Field(default=0, ge=0, le=MAX_BLOCK_MS)


class AckIn(Strict):
    ids: list[EntryId] = Field(min_length=1, max_length=100)


class ClaimIn(Strict):
    consumer: NameStr
    #: only entries idle at least this long change hands
    min_idle_ms: int = Field(ge=0, le=86_400_000)
    count: int = Field(default=10, ge=1, le=100)


class Entry(BaseModel):
    id: str
    fields: dict[str, str]


class AddedOut(BaseModel):
    id: str


class AckedOut(BaseModel):
    acked: int


class PendingEntry(BaseModel):
    id: str
    consumer: str
    idle_ms: int
    deliveries: int


class PendingOut(BaseModel):
    count: int
    entries: list[PendingEntry]


async def ensure_group(r: Redis, stream: str, group: str = GROUP) -> None:
    """XGROUP CREATE … MKSTREAM from id 0 (the whole stream); fine if it exists already."""
    try:
        await r.xgroup_create(stream, group, id="0", mkstream=True)
    except ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


async def add(r: Redis, stream: str, fields: dict[str, str]) -> str:
    return await r.xadd(stream, fields, maxlen=MAX_ENTRIES, approximate=True)


async def read(
    r: Redis, stream: str, consumer: str, count: int = 10, block_ms: int = 0, group: str = GROUP
) -> list[Entry]:
    """XREADGROUP GROUP g consumer COUNT n [BLOCK ms] STREAMS stream > — new entries only."""
    reply = await r.xreadgroup(group, consumer, {stream: ">"}, count=count, block=block_ms or None)
    return [Entry(id=i, fields=f) for _, entries in reply or [] for i, f in entries]


async def ack(r: Redis, stream: str, ids: list[str], group: str = GROUP) -> int:
    return await r.xack(stream, group, *ids)  # how many were pending and are now done


async def pending(r: Redis, stream: str, count: int = 100, group: str = GROUP) -> PendingOut:
    """XPENDING (the summary) and XPENDING - + count (who holds what, for how long)."""
    async with r.pipeline(transaction=False) as pipe:
        pipe.xpending(stream, group)
        pipe.xpending_range(stream, group, min="-", max="+", count=count)
        summary, rows = await pipe.execute()
    return PendingOut(
        count=summary["pending"],
        entries=[
            PendingEntry(
                id=row["message_id"],
                consumer=row["consumer"],
                idle_ms=row["time_since_delivered"],
                deliveries=row["times_delivered"],
            )
            for row in rows
        ],
    )


async def claim(
    r: Redis, stream: str, consumer: str, min_idle_ms: int, count: int = 10, group: str = GROUP
) -> list[Entry]:
    """Take over entries idle for at least ``min_idle_ms``: XPENDING IDLE, then XCLAIM.

    XCLAIM checks the idle time again itself, so if the owner touched an entry between the
    two commands it stays where it is. (``XAUTOCLAIM`` does both steps in one command.)
    """
    rows = await r.xpending_range(stream, group, "-", "+", count, idle=min_idle_ms)
    if not rows:
        return []
    claimed = await r.xclaim(
        stream, group, consumer, min_idle_ms, [row["message_id"] for row in rows]
    )
    # An entry trimmed from the stream while pending comes back without its fields.
    return [Entry(id=i, fields=f) for i, f in claimed if f is not None]


async def regrouping(r: Redis, stream: str, call: Callable[[], Awaitable[T]]) -> T:
    """Run ``call``; if the group is gone (a FLUSHDB, a DEL of the stream), recreate it once."""
    try:
        return await call()
    except ResponseError as exc:
        if "NOGROUP" not in str(exc):
            raise
        await ensure_group(r, stream)
        return await call()


router = APIRouter(prefix="/streams/orders", tags=["streams"])


def stream_key(keys: Keyspace) -> str:
    return keys.key("stream", "orders")


@router.post(
    "",
    response_model=AddedOut,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(503),
)
async def add_order(body: OrderIn, r: RedisDep, keys: KeysDep) -> AddedOut:
    """XADD an order; Redis picks its id."""
    fields = {"item": body.item, "qty": str(body.qty)}
    return AddedOut(id=await add(r, stream_key(keys), fields))


@router.post("/read", response_model=list[Entry], responses=problem_responses(503))
async def read_orders(body: ReadIn, r: RedisDep, keys: KeysDep) -> list[Entry]:
    """XREADGROUP as ``consumer``: new orders, now pending until acknowledged."""
    stream = stream_key(keys)
    return await regrouping(
        r, stream, lambda: read(r, stream, body.consumer, body.count, body.block_ms)
    )


@router.post("/ack", response_model=AckedOut, responses=problem_responses(503))
async def ack_orders(body: AckIn, r: RedisDep, keys: KeysDep) -> AckedOut:
    """XACK: these orders are done; they leave the pending list."""
    return AckedOut(acked=await ack(r, stream_key(keys), body.ids))


@router.get("/pending", response_model=PendingOut, responses=problem_responses(503))
async def pending_orders(r: RedisDep, keys: KeysDep) -> PendingOut:
    """XPENDING: read but not acknowledged — by whom, idle how long, delivered how often."""
    stream = stream_key(keys)
    return await regrouping(r, stream, lambda: pending(r, stream))


@router.post("/claim", response_model=list[Entry], responses=problem_responses(503))
async def claim_orders(body: ClaimIn, r: RedisDep, keys: KeysDep) -> list[Entry]:
    """XCLAIM for ``consumer`` the orders idle at least ``min_idle_ms`` (a crashed owner's)."""
    stream = stream_key(keys)
    return await regrouping(
        r, stream, lambda: claim(r, stream, body.consumer, body.min_idle_ms, body.count)
    )
