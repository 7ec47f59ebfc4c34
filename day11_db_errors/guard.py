"""Every database call goes through one guard: a time budget, retries if safe, the breaker.

The layers, outermost first, for one call::

    RetryPolicy                 idempotent calls only: attempt again after a connection failure,
                                but never past the call's budget (``Timeouts.request_s``)
      pymongo.timeout(...)      one attempt's deadline (``attempt_s``, or what is left if less)
        CircuitBreaker          open: refuse at once (no attempt, no wait); else count the outcome
          the PyMongo call      counted in ``attempts``, so tests (and you) can see what was tried

Why a deadline per attempt and not one for the whole call: inside ``pymongo.timeout()``
PyMongo looks for a server for *all* the remaining time (``serverSelectionTimeoutMS`` no
longer applies), so one attempt against a dead server would eat the whole budget and leave
nothing to retry with.

Retry outside the breaker means each attempt is one breaker call: a request retrying against a
dead database helps open the breaker, and stops retrying the moment it opens.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import pymongo
from pymongo.errors import PyMongoError

from day11_db_errors.breaker import CircuitBreaker, CircuitOpen
from day11_db_errors.failures import as_problem, circuit_open
from day11_db_errors.retries import RetryPolicy

T = TypeVar("T")
log = logging.getLogger("course.day11.guard")


@dataclass(frozen=True)
class Timeouts:
    """How long to wait for what. Short enough that nobody waits on a dead database for long."""

    #: one attempt — finding a server, connecting, the round trip — via pymongo.timeout()
    attempt_s: float = 1.0
    #: the whole call, every attempt and wait included; also the client's ``timeoutMS``
    request_s: float = 3.0
    #: connectTimeoutMS: a TCP connect (+ TLS) to a host that never answers gives up after this
    connect_s: float = 1.0
    #: the readiness ping (an orchestrator probes often; a probe must answer fast)
    probe_s: float = 1.0


class DbGuard:
    def __init__(self, breaker: CircuitBreaker, retry: RetryPolicy, timeouts: Timeouts) -> None:
        self.breaker = breaker
        self.retry = retry
        self.timeouts = timeouts
        #: calls that reached PyMongo, by operation name ("get", "create", "ping", …)
        self.attempts: Counter[str] = Counter()

    async def read(self, name: str, op: Callable[[], Awaitable[T]]) -> T:
        return await self.run(name, op, idempotent=True)

    async def idempotent_write(self, name: str, op: Callable[[], Awaitable[T]]) -> T:
        """A write that leaves the same state however often it runs (upsert by id, delete)."""
        return await self.run(name, op, idempotent=True)

    async def write_once(self, name: str, op: Callable[[], Awaitable[T]]) -> T:
        """A write that must not run twice (an insert): one attempt, whatever happens."""
        return await self.run(name, op, idempotent=False)

    async def run(
        self,
        name: str,
        op: Callable[[], Awaitable[T]],
        *,
        idempotent: bool,
        budget_s: float | None = None,
    ) -> T:
        budget = budget_s or self.timeouts.request_s
        deadline = time.monotonic() + budget

        async def attempt() -> T:
            # CSOT (client-side operation timeout): every PyMongo step inside this block —
            # server selection, connecting, the reply — shares one deadline: this attempt's
            # share, never more than what is left of the whole call's budget.
            left = max(0.0, deadline - time.monotonic())
            with pymongo.timeout(min(self.timeouts.attempt_s, left)):
                return await self.breaker.call(counted)

        async def counted() -> T:
            self.attempts[name] += 1
            return await op()

        started = time.perf_counter()
        try:
            if idempotent:
                return await self.retry.run(attempt, budget_s=budget)
            return await attempt()
        except CircuitOpen as exc:
            raise circuit_open(exc.retry_in_s) from exc
        except PyMongoError as exc:
            problem = as_problem(exc, budget)
            if problem is None:
                raise  # the database answered with an error: a bug to see as a 500, not an outage
            log.warning(
                "%s failed after %.0f ms, %s: %s",
                name,
                (time.perf_counter() - started) * 1e3,
                type(exc).__name__,
                first_line(exc),
            )
            raise problem from exc


def first_line(exc: BaseException) -> str:
    # PyMongo appends its whole topology description to selection errors: keep the cause.
    text = str(exc).split(", Timeout:")[0]
    return text.splitlines()[0] if text else type(exc).__name__
