"""Day 03's app: one blocking call in an ``async def`` freezes every request; ``await`` does not.

Each endpoint waits ``ms`` milliseconds in a different way and reports how many requests to
the same endpoint were inside a handler at that moment (``in_flight``), so the difference shows
as a count, not a stopwatch: ``/blocking`` never has more than one.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Annotated

from fastapi import FastAPI, Query
from pydantic import BaseModel

from day03_event_loop import LESSON
from day03_event_loop.thread_pool import blocking_io

MAX_MS = 2000  # bounded: a client must not be able to park a handler for minutes

Ms = Annotated[int, Query(ge=0, le=MAX_MS, description="how long to wait, in milliseconds")]


class InFlight:
    """How many requests are inside a handler now, the most at once, and how many ever ran."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0
        self.total = 0

    def __enter__(self) -> InFlight:
        # No await between these lines, so on one event loop no lock is needed.
        self.now += 1
        self.total += 1
        self.peak = max(self.peak, self.now)
        return self

    def __exit__(self, *exc: object) -> None:
        self.now -= 1


class Waited(BaseModel):
    endpoint: str
    ms: int
    #: requests to this endpoint inside their handler when this one finished waiting (itself too)
    in_flight: int
    #: the thread that did the waiting: the loop's own ("MainThread") or a pool thread
    thread: str


class Health(BaseModel):
    status: str = "ok"
    day: int = LESSON.day


def create_app() -> FastAPI:
    app = FastAPI(
        title=f"Day {LESSON.day:02d} · {LESSON.title}",
        description="\n".join(f"* {bullet.text}" for bullet in LESSON.learn),
        version="1.0.0",
    )
    gauges = {name: InFlight() for name in ("blocking", "non-blocking", "offloaded")}
    app.state.in_flight = gauges

    @app.get("/health", response_model=Health)
    async def health() -> Health:
        """Liveness. Try it while ``/blocking?ms=2000`` runs: it waits too."""
        return Health()

    @app.get("/blocking", response_model=Waited)
    async def blocking(ms: Ms = 100) -> Waited:
        """THE MISTAKE: ``time.sleep`` in an ``async def`` holds the loop's only thread."""
        with gauges["blocking"] as gauge:
            time.sleep(ms / 1000)  # noqa: ASYNC251 - on purpose: this is what the lesson shows
            return Waited(endpoint="blocking", ms=ms, in_flight=gauge.now, thread=_thread())

    @app.get("/non-blocking", response_model=Waited)
    async def non_blocking(ms: Ms = 100) -> Waited:
        """``await asyncio.sleep``: a timer; the loop serves other requests meanwhile."""
        with gauges["non-blocking"] as gauge:
            await asyncio.sleep(ms / 1000)
            return Waited(endpoint="non-blocking", ms=ms, in_flight=gauge.now, thread=_thread())

    @app.get("/offloaded", response_model=Waited)
    async def offloaded(ms: Ms = 100) -> Waited:
        """A blocking call moved to the default thread pool with ``asyncio.to_thread``."""
        with gauges["offloaded"] as gauge:
            thread = await asyncio.to_thread(blocking_io, ms)
            return Waited(endpoint="offloaded", ms=ms, in_flight=gauge.now, thread=thread)

    @app.get("/in-flight")
    async def in_flight() -> dict[str, dict[str, int]]:
        """Each endpoint's gauge: requests inside a handler now, the peak, the total."""
        return {name: vars(gauge) for name, gauge in gauges.items()}

    return app


def _thread() -> str:
    return threading.current_thread().name
