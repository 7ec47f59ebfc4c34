"""Liveness vs readiness, and a start-up that does not wait for the database.

* ``GET /health`` — **liveness** (from ``shared.app``): "this process can answer". It never
  touches the database: if it did, a database outage would make the orchestrator *restart*
  every healthy copy of the app, which fixes nothing and adds a cold start to the outage.
* ``GET /ready`` — **readiness**: "send me traffic". It pings the database through the breaker
  and answers 503 while the ping fails or the breaker is open, so a load balancer routes around
  this copy until the database is back — without restarting it.

At start-up the app does not block on the database either: :func:`watch_start_up` pings in the
background, logs once that the database is not there yet, and logs again when it answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Literal

from pydantic import BaseModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from day11_db_errors.failures import CircuitOpenProblem, retry_after
from day11_db_errors.guard import DbGuard
from shared.backends import BackendUnavailable
from shared.errors import DomainError

log = logging.getLogger("course.day11.ready")


class DatabaseStatus(BaseModel):
    #: None: not asked (the breaker is open, so the app does not try)
    reachable: bool | None
    ping_ms: float | None = None
    error: str | None = None


class BreakerStatus(BaseModel):
    state: Literal["closed", "open", "half-open"]
    consecutive_failures: int
    failure_threshold: int
    reset_timeout_s: float
    retry_in_s: float
    times_opened: int


class Readiness(BaseModel):
    status: Literal["ready", "not ready"]
    database: DatabaseStatus
    breaker: BreakerStatus


class NotReady(BackendUnavailable):
    type = "/problems/not-ready"
    title = "Not ready"


async def check(db: AsyncDatabase | None, guard: DbGuard) -> Readiness:
    """Ping the database (through the breaker, no retries, ``probe_s`` at most)."""
    status = await _ping(db, guard)
    ready = bool(status.reachable) and guard.breaker.state == "closed"
    return Readiness(
        status="ready" if ready else "not ready",
        database=status,
        breaker=BreakerStatus.model_validate(guard.breaker.snapshot()),
    )


async def _ping(db: AsyncDatabase | None, guard: DbGuard) -> DatabaseStatus:
    if db is None:
        return DatabaseStatus(reachable=False, error="the database is not open yet")
    if guard.breaker.state == "open":
        # Failing fast applies to probes too: an open breaker is the answer.
        return DatabaseStatus(reachable=None, error="not checked: the circuit is open")
    started = time.perf_counter()
    try:
        await guard.run(
            "ping", lambda: db.command("ping"), idempotent=False, budget_s=guard.timeouts.probe_s
        )
    except CircuitOpenProblem:  # half-open, and another call is already the trial
        return DatabaseStatus(reachable=None, error="not checked: the circuit is half-open")
    except DomainError as exc:  # the 503/504 the guard made of the outage
        return DatabaseStatus(reachable=False, error=exc.detail)
    except PyMongoError as exc:  # it answered, with an error (wrong credentials, say): not ready
        return DatabaseStatus(reachable=False, error=f"the ping failed: {type(exc).__name__}")
    return DatabaseStatus(reachable=True, ping_ms=round((time.perf_counter() - started) * 1e3, 2))


def not_ready(readiness: Readiness) -> NotReady:
    why = readiness.database.error or f"the circuit is {readiness.breaker.state}"
    return NotReady(
        f"not ready: {why}",
        database=readiness.database.model_dump(),
        breaker=readiness.breaker.model_dump(),
        headers=retry_after(readiness.breaker.retry_in_s),
    )


async def watch_start_up(
    probe: Callable[[], Awaitable[Readiness]],
    *,
    interval_s: float,
    where: str,
    stop: asyncio.Event,
) -> None:
    """Probe until the database first answers; say so in the log either way. Never raises.

    ``stop`` ends it at shutdown; cancelling alone is not enough. Measured with PyMongo 4.20 on
    Python 3.11: a cancellation that lands while PyMongo waits for a server can come back as
    a plain ``ServerSelectionTimeoutError``, so the probe *returns*, and a loop that relied on
    ``CancelledError`` would run on and hang the shutdown.
    """
    started = time.monotonic()
    warned = False
    while not stop.is_set():
        readiness = await probe()
        if readiness.status == "ready":
            after = f" {time.monotonic() - started:.1f} s after start-up" if warned else ""
            log.info("database at %s answered%s; ready", where, after)
            return
        if not warned:
            log.warning(
                "database at %s is not reachable yet (%s); serving anyway: /health answers, "
                "/ready and the database routes answer 503 until it is up",
                where,
                readiness.database.error,
            )
            warned = True
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(interval_s):
                await stop.wait()
