"""Callbacks vs coroutines: the same steps written both ways, then tasks that take turns.

Node hands the loop functions to call later (``setImmediate``, ``setTimeout``); asyncio can do
exactly that (``loop.call_soon``, ``loop.call_later``), but lessons and libraries write
coroutines instead: ``await`` is the point where a coroutine hands the thread back to the loop.
"""

from __future__ import annotations

import asyncio


async def with_callbacks() -> list[str]:
    """Three steps as callbacks: each one schedules the next (≈ setImmediate, then setTimeout)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[list[str]] = loop.create_future()  # ≈ a Promise resolved by a callback
    log: list[str] = []

    def step2() -> None:
        log.append("step 2: call_soon ran on the loop's next turn")
        loop.call_later(0.01, step3)

    def step3() -> None:
        log.append("step 3: call_later(0.01) ran when its timer was due")
        done.set_result(log)

    log.append("step 1: runs now")
    loop.call_soon(step2)
    log.append("step 1 returned; step 2 waits in the ready queue")
    return await done


async def with_coroutines() -> list[str]:
    """The same steps as one coroutine: reads top to bottom, ``await`` marks each hand-back."""
    log = ["step 1: runs now"]
    await asyncio.sleep(0)  # yield once: the loop runs whatever else is ready, then us
    log.append("step 2: resumed on the loop's next turn")
    await asyncio.sleep(0.01)  # a timer; the loop is free for others meanwhile
    log.append("step 3: resumed when its timer was due")
    return log


async def one_ready_queue() -> list[str]:
    """Callbacks, a new task's first step and due timers all wait in one FIFO ready queue.

    Node has several queues (nextTick, promise microtasks, then the phases); asyncio has one:
    a zero-delay timer, scheduled first, still runs after everything already queued.
    """
    loop = asyncio.get_running_loop()
    log: list[str] = []
    finished = loop.create_future()

    async def task_body() -> None:
        log.append("B: the task's first step (create_task queued it)")

    loop.call_later(
        0, lambda: (log.append("D: call_later(0), queued first"), finished.set_result(None))
    )
    loop.call_soon(log.append, "A: call_soon")
    task = asyncio.create_task(task_body())
    loop.call_soon(log.append, "C: call_soon")
    await asyncio.gather(task, finished)
    return log


async def worker(name: str, steps: int, log: list[str]) -> str:
    for i in range(steps):
        log.append(f"{name}{i}")
        await asyncio.sleep(0)  # the only place this coroutine lets others run
    return f"{name} done"


async def awaited_one_by_one() -> tuple[list[str], list[str]]:
    """Awaiting a coroutine runs it to the end before the next line: no concurrency."""
    log: list[str] = []
    results = [await worker("A", 3, log), await worker("B", 3, log)]
    return log, results


async def as_tasks() -> tuple[list[str], list[str]]:
    """``create_task`` puts both on the loop at once; ``gather`` waits for all (≈ Promise.all)."""
    log: list[str] = []
    a = asyncio.create_task(worker("A", 3, log))
    b = asyncio.create_task(worker("B", 3, log))
    log.append("tasks created, none has run yet")
    results = await asyncio.gather(a, b)
    return log, results
