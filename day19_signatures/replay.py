"""Replay protection: a time window bounds *when* a request counts, a nonce store *how often*.

A valid signature proves who wrote a request and that nobody changed it — not that it is new.
Whoever captured it (a log, a proxy, a compromised client machine) could send it again. Two
checks, each useless alone, stop that:

* the **window**: the signed timestamp must be within ±``window_s`` of the server's clock.
  Old captures die after a few minutes; the ± allows for clocks that disagree a little (skew);
* the **nonce store**: inside the window, each nonce is accepted once.

Because of the window, a nonce only has to be remembered until its timestamp leaves the window
(``timestamp + window_s``); after that the timestamp check refuses the replay on its own. So
the store never grows without bound: it holds at most the nonces of the last window or so.

The store lives in this process's memory. Two server processes would each have their own and
accept the same replay once each; Day 23 moves such stores to Redis (``SET key 1 NX EXAT t``)
so every process shares one.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Hashable

Clock = Callable[[], float]


def within_window(timestamp: int, now: float, window_s: int) -> bool:
    """True if ``timestamp`` is at most ``window_s`` seconds before *or after* ``now``."""
    return abs(now - timestamp) <= window_s


class NonceStore:
    """Nonces (or webhook ids) seen recently, each forgotten at its own expiry time."""

    def __init__(self, clock: Clock = time.time) -> None:
        self._clock = clock
        self._expires: dict[Hashable, float] = {}
        # Entries arrive out of expiry order (timestamps differ), so a heap finds the oldest.
        self._heap: list[tuple[float, int, Hashable]] = []
        self._counter = 0  # tie-breaker: keys need not be comparable

    def add(self, key: Hashable, expires_at: float) -> bool:
        """Record ``key`` until ``expires_at``; False if it is already here (a replay).

        No ``await`` between the check and the insert: on one event loop the pair is atomic.
        """
        self.purge()
        if key in self._expires:
            return False
        self._expires[key] = expires_at
        self._counter += 1
        heapq.heappush(self._heap, (expires_at, self._counter, key))
        return True

    def purge(self) -> int:
        """Forget every entry whose time has passed; return how many went."""
        now = self._clock()
        gone = 0
        # Strictly before now: at now == timestamp + window the window still admits the
        # request, so the nonce must still be here to refuse the replay.
        while self._heap and self._heap[0][0] < now:
            _, _, key = heapq.heappop(self._heap)
            del self._expires[key]
            gone += 1
        return gone

    def __contains__(self, key: Hashable) -> bool:
        self.purge()
        return key in self._expires

    def __len__(self) -> int:
        self.purge()
        return len(self._expires)
