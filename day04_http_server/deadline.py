"""A deadline per connection is a float; the one timer behind it moves only when it fires.

The obvious code, ``async with asyncio.timeout(...)`` around every read, schedules a timer and
cancels it for every request. A cancelled timer stays in the event loop's heap until its time
comes, so at thousands of requests a second the heap fills with dead timers and every new one
costs more. Measured with ``bench.py``: about 10 µs per request, a quarter of this server's CPU.
Here moving the deadline is storing a float; the single timer, when it fires early because the
deadline moved, re-arms itself once.
"""

from __future__ import annotations

import asyncio
import math


class Deadline:
    """After ``expire_in(s)``, reads on ``reader`` must finish within ``s`` seconds.

    When the deadline passes, the pending read (and every later one) raises ``TimeoutError``.
    That ends the connection, which is what every caller wants after a timeout anyway.
    """

    def __init__(self, reader: asyncio.StreamReader) -> None:
        self._reader = reader
        self._loop = asyncio.get_running_loop()
        self._when = math.inf
        self._timer: asyncio.TimerHandle | None = None

    def expire_in(self, seconds: float) -> None:
        self._when = self._loop.time() + seconds
        # A later deadline leaves the armed timer alone; only an earlier one needs a new timer.
        if self._timer is None or self._timer.when() > self._when:
            self._arm()

    def clear(self) -> None:
        """No deadline for now (while the handler runs and the response drains)."""
        self._when = math.inf

    def cancel(self) -> None:
        """The connection is over: drop the timer."""
        self._when = math.inf
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _arm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._loop.call_at(self._when, self._fire, self._when)

    def _fire(self, armed_for: float) -> None:
        self._timer = None
        if self._when > armed_for:  # moved later (or cleared) since we armed: wait again
            if self._when != math.inf:
                self._arm()
            return
        # StreamReader.set_exception wakes the waiting read with the error, as a lost
        # connection would; asyncio's own protocol uses it the same way.
        self._reader.set_exception(TimeoutError("deadline passed"))
