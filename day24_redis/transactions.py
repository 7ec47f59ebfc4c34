"""MULTI/EXEC and WATCH: a balance transfer that no concurrent client can half-see or undo.

``MULTI`` starts queueing commands on the server, ``EXEC`` runs the queue as one block: no
other client's command runs in between, so nobody sees money that has left one account and
not yet arrived in the other. (Redis has no rollback: a command that fails *at run time*
inside EXEC — INCR on a non-number — fails alone and the others still apply. Validate first.)

MULTI alone cannot decide anything: the commands are queued before any of them runs, so
"only if the balance covers the amount" needs a read *before* MULTI — and between that read
and EXEC another client may change the balance. ``WATCH`` closes the gap optimistically:

1. ``WATCH`` both accounts, ``GET`` both balances, check the funds in Python;
2. ``MULTI``, ``DECRBY`` / ``INCRBY`` / log the transfer, ``EXEC``;
3. if a watched key changed after WATCH, EXEC does nothing and redis-py raises
   ``WatchError``: go back to 1 with fresh balances.

No lock is held while the client thinks, so a slow client blocks nobody; the price is a retry
under contention (with a short random back-off, so colliding clients do not collide again in
lockstep), and past ``MAX_ATTEMPTS`` a 409. :func:`transfer_without_watch` is the version without WATCH, kept for the
tests: two concurrent transfers and one of them silently vanishes.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Callable

from fastapi import APIRouter
from pydantic import BaseModel, Field, model_validator
from redis.asyncio import Redis
from redis.exceptions import WatchError

from day24_redis.keyspace import KeysDep, Keyspace, Name, NameStr, RedisDep, Strict
from shared.errors import Conflict, NotFound, problem_responses

MAX_ATTEMPTS = 10
#: after the n-th collision, wait up to 2**n times this long (at random) before retrying
BACKOFF_S = 0.001
MAX_AMOUNT = 10**12
#: the transfer log keeps the newest entries only
LOG_LENGTH = 100

#: a hook between the read and MULTI, where the tests make two transfers collide
Pause = Callable[[], Awaitable[None]]


def collide(parties: int = 2) -> list[Pause]:
    """One pause per transfer: each waits (once) until all ``parties`` have read their balances.

    So every transfer reads before any writes — the worst interleaving, made certain instead
    of left to the scheduler (the demo and the tests use it).
    """
    barrier = asyncio.Barrier(parties)

    def once() -> Pause:
        waited = False

        async def pause() -> None:
            nonlocal waited
            if not waited:  # a retry does not wait again: the others may be done
                waited = True
                await asyncio.wait_for(barrier.wait(), 5)

        return pause

    return [once() for _ in range(parties)]


class InsufficientFunds(Conflict):
    type = "/problems/insufficient-funds"
    title = "Insufficient funds"


class Transfer(BaseModel):
    source: str
    target: str
    amount: int
    source_balance: int
    target_balance: int
    #: 1 unless another client changed a balance between our read and EXEC
    attempts: int


async def transfer(
    r: Redis, keys: Keyspace, source: str, target: str, amount: int, *, pause: Pause | None = None
) -> Transfer:
    """Move ``amount`` from ``source`` to ``target``: WATCH, read, check, MULTI … EXEC, retry."""
    a, b = keys.key("account", source), keys.key("account", target)
    async with r.pipeline(transaction=True) as pipe:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                await pipe.watch(a, b)
                # After WATCH the pipeline runs commands at once (immediate mode), on the
                # connection that holds the watch.
                have, other = await pipe.get(a), await pipe.get(b)
                if have is None or other is None:
                    raise NotFound(f"no account named {source if have is None else target!r}")
                if int(have) < amount:
                    raise InsufficientFunds(
                        f"{source!r} has {have}, cannot send {amount}", balance=int(have)
                    )
                if pause is not None:
                    await pause()
                pipe.multi()  # from here on, commands are queued
                pipe.decrby(a, amount).incrby(b, amount)
                entry = {"source": source, "target": target, "amount": amount}
                pipe.lpush(keys.key("transfers"), json.dumps(entry))
                pipe.ltrim(keys.key("transfers"), 0, LOG_LENGTH - 1)
                new_a, new_b, *_ = await pipe.execute()
                return Transfer(
                    **entry, source_balance=new_a, target_balance=new_b, attempts=attempt
                )
            except WatchError:
                # A balance changed under us and nothing was applied: read again. A short
                # random pause first, or the same clients collide again in lockstep.
                await asyncio.sleep(random.uniform(0, BACKOFF_S * 2**attempt))
    raise Conflict(f"gave up after {MAX_ATTEMPTS} attempts: too many concurrent transfers")


async def transfer_without_watch(
    r: Redis, keys: Keyspace, source: str, target: str, amount: int, *, pause: Pause | None = None
) -> None:
    """The broken version: read, compute, write back — a concurrent transfer is overwritten."""
    a, b = keys.key("account", source), keys.key("account", target)
    have, other = int(await r.get(a)), int(await r.get(b))
    if pause is not None:
        await pause()
    async with r.pipeline(transaction=True) as pipe:  # MULTI/EXEC alone does not help
        await pipe.set(a, have - amount).set(b, other + amount).execute()


class AccountIn(Strict):
    balance: int = Field(ge=0, le=MAX_AMOUNT)


class AccountOut(BaseModel):
    name: str
    balance: int


class TransferIn(Strict):
    source: NameStr
    target: NameStr
    amount: int = Field(ge=1, le=MAX_AMOUNT)

    @model_validator(mode="after")
    def different_accounts(self) -> TransferIn:
        if self.source == self.target:
            raise ValueError("source and target must be different accounts")
        return self


router = APIRouter(tags=["transactions"])


@router.put("/accounts/{name}", response_model=AccountOut, responses=problem_responses(503))
async def open_account(name: Name, body: AccountIn, r: RedisDep, keys: KeysDep) -> AccountOut:
    """SET the account's balance (a whole number of cents)."""
    await r.set(keys.key("account", name), body.balance)
    return AccountOut(name=name, balance=body.balance)


@router.get("/accounts/{name}", response_model=AccountOut, responses=problem_responses(404, 503))
async def account(name: Name, r: RedisDep, keys: KeysDep) -> AccountOut:
    balance = await r.get(keys.key("account", name))
    if balance is None:
        raise NotFound(f"no account named {name!r}")
    return AccountOut(name=name, balance=int(balance))


@router.post("/transfers", response_model=Transfer, responses=problem_responses(404, 409, 503))
async def make_transfer(body: TransferIn, r: RedisDep, keys: KeysDep) -> Transfer:
    """WATCH + MULTI/EXEC: both balances change together, or the transfer retries."""
    return await transfer(r, keys, body.source, body.target, body.amount)
