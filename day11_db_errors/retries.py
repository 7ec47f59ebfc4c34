"""Retries with exponential backoff and full jitter — for operations that are safe to repeat.

A retry is a bet that the failure was brief. Three rules keep the bet cheap:

* **back off exponentially** — 0.1 s, 0.2 s, 0.4 s… (capped): a database that is restarting
  needs seconds, not a tight loop of reconnects;
* **add jitter** — each wait is drawn uniformly from ``[0, cap]`` ("full jitter"), so a
  thousand clients that failed together do not come back together, in lockstep;
* **stay inside the budget** — no attempt starts once the request's time is spent, and the
  attempts are counted, so a retrying request is as bounded as one that does not retry.

And one rule makes it *correct*: only retry what may run twice. A read, an upsert by a
client-supplied id, a delete by id leave the same state however often they run; a plain insert
does not (see ``guard.py`` and ``tests/test_duplicate_writes.py``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_random_exponential,
)

from day11_db_errors.failures import is_transient

T = TypeVar("T")
log = logging.getLogger("course.day11.retries")


@dataclass(frozen=True)
class RetryPolicy:
    #: attempts in all, the first one included
    attempts: int = 3
    #: the cap of the first wait; each later cap doubles, up to ``max_backoff_s``
    first_backoff_s: float = 0.1
    max_backoff_s: float = 1.0
    #: how to wait (tests pass one that records the waits, or acts during them)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    def retrying(self, budget_s: float) -> AsyncRetrying:
        return AsyncRetrying(
            # Whichever comes first: out of attempts, or the next wait would end past the budget.
            stop=stop_after_attempt(self.attempts) | stop_before_delay(budget_s),
            wait=wait_random_exponential(multiplier=self.first_backoff_s, max=self.max_backoff_s),
            retry=retry_if_exception(is_transient),
            # The caller sees the database's own error (a 503 or 504), not tenacity's RetryError.
            reraise=True,
            sleep=self.sleep,
            before_sleep=_log_retry,
        )

    async def run(self, fn: Callable[[], Awaitable[T]], *, budget_s: float) -> T:
        return await self.retrying(budget_s)(fn)


def _log_retry(state: RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome else None
    log.warning(
        "attempt %d failed (%s); retrying in %.3f s",
        state.attempt_number,
        type(exc).__name__,
        state.upcoming_sleep,
    )
