"""A circuit breaker: after N failures in a row, stop calling the database for a while.

Without one, every request during an outage waits its whole timeout for a server that is not
there — threads, connections and the client's patience all spent on a known answer. With one,
the answer "the database is down" costs microseconds::

               N failures in a row              reset_timeout_s passed
    CLOSED ───────────────────────────▶ OPEN ─────────────────────────▶ HALF-OPEN
      ▲  calls go through                  calls fail fast (CircuitOpen)   one trial call
      │                                                                         │
      └──────────────────── the trial succeeds ◀──────────────────────────────┘
                            (the trial fails: OPEN again, for another reset_timeout_s)

The breaker knows nothing about MongoDB or HTTP: ``is_failure`` says which exceptions mean
"the dependency is unhealthy" (a duplicate key is an answer, not an outage), and ``clock`` is
injectable so tests can move time instead of waiting for it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Literal, TypeVar

T = TypeVar("T")
State = Literal["closed", "open", "half-open"]
log = logging.getLogger("course.day11.breaker")


class CircuitOpen(Exception):
    """The breaker refused the call without making it."""

    def __init__(self, retry_in_s: float) -> None:
        super().__init__(f"circuit open; next trial in {retry_in_s:.2f} s")
        self.retry_in_s = retry_in_s


class CircuitBreaker:
    def __init__(
        self,
        *,
        failure_threshold: int = 5,
        reset_timeout_s: float = 5.0,
        is_failure: Callable[[BaseException], bool] = lambda exc: True,
        clock: Callable[[], float] = time.monotonic,
        name: str = "database",
    ) -> None:
        if failure_threshold < 1 or reset_timeout_s <= 0:
            raise ValueError("failure_threshold must be >= 1 and reset_timeout_s > 0")
        self.failure_threshold = failure_threshold
        self.reset_timeout_s = reset_timeout_s
        self.is_failure = is_failure
        self.clock = clock
        self.name = name
        self.consecutive_failures = 0
        self.times_opened = 0
        self._opened_at: float | None = None
        # Half-open lets exactly one call through: a recovering database should not be hit
        # by every request that queued up while it was down.
        self._trial_running = False

    @property
    def state(self) -> State:
        if self._opened_at is None:
            return "closed"
        # "Open" turns into "half-open" by the clock alone: no timer task to manage.
        return "open" if self.retry_in_s > 0 else "half-open"

    @property
    def retry_in_s(self) -> float:
        """Seconds until the next trial call is allowed (0 when closed or half-open)."""
        if self._opened_at is None:
            return 0.0
        return max(0.0, self._opened_at + self.reset_timeout_s - self.clock())

    async def call(self, fn: Callable[[], Awaitable[T]]) -> T:
        """``await fn()`` if the breaker allows it, recording how it went."""
        trial = self._admit()
        try:
            result = await fn()
        except BaseException as exc:
            if self.is_failure(exc):
                self._failed(trial)
            elif isinstance(exc, Exception):
                # The dependency answered (with an error of ours, like a duplicate key):
                # it is up, and that is all the breaker cares about.
                self._succeeded()
            # anything else (a cancelled request) says nothing about the database
            raise
        else:
            self._succeeded()
            return result
        finally:
            if trial:
                self._trial_running = False

    def _admit(self) -> bool:
        """Allow the call (True if it is the half-open trial) or raise CircuitOpen."""
        state = self.state
        if state == "closed":
            return False
        if state == "half-open" and not self._trial_running:
            self._trial_running = True
            log.info("%s circuit half-open: letting one trial call through", self.name)
            return True
        # Open, or half-open with the trial already out: the caller may come back later.
        raise CircuitOpen(self.retry_in_s or self.reset_timeout_s)

    def _failed(self, trial: bool) -> None:
        self.consecutive_failures += 1
        if trial:
            why = "the trial call failed"
        elif self._opened_at is None and self.consecutive_failures >= self.failure_threshold:
            why = f"{self.consecutive_failures} failures in a row"
        else:
            return  # still under the threshold, or a slow call that failed after we opened
        self._opened_at = self.clock()
        self.times_opened += 1
        log.warning(
            "%s circuit OPEN (%s): failing fast for %.1f s", self.name, why, self.reset_timeout_s
        )

    def _succeeded(self) -> None:
        if self._opened_at is not None:
            log.info("%s circuit CLOSED: the trial call succeeded", self.name)
        self._opened_at = None
        self.consecutive_failures = 0

    def snapshot(self) -> dict[str, object]:
        """What ``GET /ready`` shows."""
        return {
            "state": self.state,
            "consecutive_failures": self.consecutive_failures,
            "failure_threshold": self.failure_threshold,
            "reset_timeout_s": self.reset_timeout_s,
            "retry_in_s": round(self.retry_in_s, 3),
            "times_opened": self.times_opened,
        }
