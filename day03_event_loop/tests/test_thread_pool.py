"""A blocking call inline freezes the loop; on the thread pool, the loop keeps turning."""

from __future__ import annotations

import asyncio
import threading

from day03_event_loop.thread_pool import blocking_io, heartbeat, in_executor, ticks_during


async def test_a_blocking_call_inline_stops_every_other_task() -> None:
    thread, ticks = await ticks_during(lambda: blocking_io(30), offload=False)

    assert thread == threading.current_thread().name
    assert ticks == 0  # the heartbeat task could not run once while the call held the thread


async def test_to_thread_keeps_the_loop_turning_while_the_call_blocks() -> None:
    async with heartbeat(interval_s=0.001) as hb:
        # The worker thread blocks until it has *seen* the loop tick three more times: only
        # possible if the loop kept running while this call blocked.
        saw_ticks = await asyncio.to_thread(hb.wait_in_thread, 3)

    assert saw_ticks is True


async def test_the_same_wait_on_the_loop_thread_never_sees_a_tick() -> None:
    async with heartbeat(interval_s=0.001) as hb:
        saw_ticks = hb.wait_in_thread(1, deadline_s=0.05)

    assert saw_ticks is False


async def test_to_thread_runs_the_call_on_a_pool_thread() -> None:
    thread, _ = await ticks_during(lambda: blocking_io(1), offload=True)

    assert thread != threading.current_thread().name
    assert thread.startswith("asyncio_")  # the loop's default executor names its threads so


async def test_run_in_executor_never_uses_more_threads_than_the_pool_has() -> None:
    threads = await in_executor(calls=6, ms=5, workers=2)

    assert len(threads) == 6
    assert set(threads) <= {"pool_0", "pool_1"}
