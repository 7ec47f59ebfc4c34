"""The default thread pool: where a blocking call goes so the event loop keeps turning.

libuv runs file I/O, DNS lookups and some crypto on a small thread pool (4 threads by default)
and hands the results back to the loop. asyncio does the same with the loop's default
``ThreadPoolExecutor``: ``asyncio.to_thread(fn)`` or ``loop.run_in_executor(None, fn)``.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import TypeVar

T = TypeVar("T")


def default_pool_size() -> int:
    """The default executor's size, as ``ThreadPoolExecutor`` picks it (Python 3.8+)."""
    return min(32, (os.cpu_count() or 1) + 4)


def blocking_io(ms: int) -> str:
    """Stands for any call that blocks its thread (a sync driver, a file read, ``requests``)."""
    time.sleep(ms / 1000)
    return threading.current_thread().name


class Heartbeat:
    """A task that counts loop turns: if the loop is frozen, ``ticks`` stops moving."""

    def __init__(self, interval_s: float = 0.005) -> None:
        self.interval_s = interval_s
        self.ticks = 0

    async def beat(self) -> None:
        while True:
            self.ticks += 1
            await asyncio.sleep(self.interval_s)

    def wait_in_thread(self, ticks: int, deadline_s: float = 5.0) -> bool:
        """Block the *calling thread* until the loop has ticked ``ticks`` more times.

        Only possible while the loop runs on another thread: called on the loop's own thread,
        it can never see a tick and gives up at the deadline (returns False).
        """
        target = self.ticks + ticks
        give_up = time.monotonic() + deadline_s
        while self.ticks < target:
            if time.monotonic() > give_up:
                return False
            time.sleep(0.001)
        return True


@asynccontextmanager
async def heartbeat(interval_s: float = 0.005) -> AsyncIterator[Heartbeat]:
    """``async with heartbeat() as hb:`` — a running :class:`Heartbeat`, cancelled on exit."""
    hb = Heartbeat(interval_s)
    task = asyncio.create_task(hb.beat())
    await asyncio.sleep(0)  # let it take its first beat
    try:
        yield hb
    finally:
        task.cancel()


async def ticks_during(call: Callable[[], T], *, offload: bool) -> tuple[T, int]:
    """Run a blocking ``call`` inline or on the thread pool; count heartbeats meanwhile."""
    async with heartbeat() as hb:
        before = hb.ticks
        # Inline, the call holds the loop's only thread: no other task, timer or socket runs.
        result = await asyncio.to_thread(call) if offload else call()
        return result, hb.ticks - before


async def in_executor(calls: int, ms: int, workers: int | None = None) -> list[str]:
    """``calls`` blocking calls at once on a pool of ``workers`` (None: the loop's default pool).

    Returns the thread each ran on: never more distinct names than the pool has threads —
    extra calls queue, as they do when libuv's 4 threads are busy (``UV_THREADPOOL_SIZE``).
    """
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(workers, thread_name_prefix="pool") if workers else None
    try:
        futures = [loop.run_in_executor(pool, blocking_io, ms) for _ in range(calls)]
        return list(await asyncio.gather(*futures))
    finally:
        if pool:
            pool.shutdown(wait=False)
