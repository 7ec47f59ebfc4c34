"""Checks for Day 03's exercises (README, "Exercises"). Each fails until you solve it:

pytest day03_event_loop/exercises -k sync_def
pytest day03_event_loop/exercises -k call_later
pytest day03_event_loop/exercises -k loop_lag
"""

from __future__ import annotations

import asyncio
import time


async def test_sync_def(client_for) -> None:
    """1. ``GET /sync-def?ms=``: a plain ``def`` handler that calls ``time.sleep``."""
    from day03_event_loop.app import create_app

    app = create_app()
    async with client_for(app) as client:
        responses = await asyncio.gather(
            *(client.get("/sync-def", params={"ms": 50}) for _ in range(5))
        )
        too_long = await client.get("/sync-def", params={"ms": 2001})

    assert [r.status_code for r in responses] == [200] * 5
    bodies = [r.json() for r in responses]
    assert {body["endpoint"] for body in bodies} == {"sync-def"}
    # FastAPI runs a plain `def` on its own thread pool, so the loop stays free...
    assert all(body["thread"] != "MainThread" for body in bodies)
    # ...and the requests overlap, unlike /blocking.
    assert max(body["in_flight"] for body in bodies) > 1
    assert too_long.status_code == 422
    assert app.state.in_flight["sync-def"].total == 5


def test_call_later() -> None:
    """2. ``MiniLoop.call_later(delay, fn, *args)``: plain callbacks on the same timer heap."""
    from day03_event_loop.mini_loop import MiniLoop, sleep

    order: list[str] = []

    def sleeper():
        yield from sleep(0.01)
        order.append("coroutine woke at 10 ms")

    loop = MiniLoop()
    loop.call_later(0.02, order.append, "callback at 20 ms")
    loop.spawn("sleeper", sleeper())
    loop.call_later(0, order.append, "callback at 0 ms")
    loop.run()

    assert order == ["callback at 0 ms", "coroutine woke at 10 ms", "callback at 20 ms"]


async def test_loop_lag() -> None:
    """3. ``loop_lag.LoopLag``: how late the loop wakes a timer (≈ monitorEventLoopDelay)."""
    from day03_event_loop.loop_lag import LoopLag

    async with LoopLag(interval_s=0.01) as frozen:
        await asyncio.sleep(0.03)
        time.sleep(0.2)  # noqa: ASYNC251 - freeze the loop, as /blocking does
        await asyncio.sleep(0.03)
    async with LoopLag(interval_s=0.01) as calm:
        await asyncio.sleep(0.26)

    assert frozen.samples >= 3
    assert frozen.max_s >= 0.15  # the timer due at +10 ms fired ~200 ms late
    assert calm.samples >= 3
    assert calm.max_s < frozen.max_s
