from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from course import testing
from course.testing import asgi_client
from day11_db_errors.app import create_app
from day11_db_errors.breaker import CircuitBreaker
from day11_db_errors.guard import DbGuard, Timeouts
from day11_db_errors.retries import RetryPolicy

from .servers import LossyProxy, MongoProcess

#: Short enough for a quick test run, long enough for a loaded CI machine. PyMongo looks for a
#: missing server in 500 ms steps, so an attempt against a dead port takes about 0.5 s anyway.
FAST = Timeouts(attempt_s=0.5, request_s=1.5, connect_s=0.5, probe_s=0.5)
#: what "never hangs" means in these tests: the budget plus PyMongo's 0.5 s re-check step,
#: plus a wide margin for a slow machine. A hang guard, not a benchmark.
HANG_GUARD_S = FAST.request_s + 0.5 + 3.0


def fast_app(
    url: str,
    *,
    threshold: int = 3,
    reset_s: float = 0.3,
    retry: RetryPolicy | None = None,
    timeouts: Timeouts = FAST,
    db_name: str | None = None,
) -> FastAPI:
    return create_app(
        mongo_url=url,
        db_name=db_name or f"test_{uuid.uuid4().hex}",
        timeouts=timeouts,
        retry=retry or RetryPolicy(attempts=3, first_backoff_s=0.02, max_backoff_s=0.1),
        breaker=CircuitBreaker(failure_threshold=threshold, reset_timeout_s=reset_s),
    )


def guard_of(app: FastAPI) -> DbGuard:
    return app.state.guard


@pytest.fixture
def mongo_process(tmp_path: Path) -> Iterator[MongoProcess]:
    """A real nx-27017 process on a port of its own — *not started*: each test decides when."""
    server = MongoProcess(tmp_path / "mongo")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def lossy_proxy(mongo_process: MongoProcess) -> AsyncIterator[LossyProxy]:
    await asyncio.to_thread(mongo_process.start)
    proxy = LossyProxy(mongo_process.port)
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.stop()


@pytest.fixture
async def items_app(mongo_url: str) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The app on the course's test database (``MONGODB_URL`` when set), dropped afterwards."""
    app = fast_app(mongo_url)
    async with asgi_client(app) as client:
        try:
            yield app, client
        finally:
            db = app.state.db
            await db.client.drop_database(db.name)


def assert_problem(r: httpx.Response, status: int, type_: str | None = None) -> dict[str, Any]:
    """The one error format, in full: every RFC 9457 member and the request id."""
    return testing.assert_problem(r, status, type_, members=True)


async def timed(request: Awaitable[httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    response = await request
    return response, time.perf_counter() - started


async def poll(
    probe: Callable[[], Awaitable[bool]], deadline_s: float = 8.0, every_s: float = 0.02
) -> float:
    """Await ``probe()`` until it is true; return the seconds it took. Fail at the deadline."""
    started = time.monotonic()
    while not await probe():
        if time.monotonic() - started > deadline_s:
            raise AssertionError(f"not true within {deadline_s} s")
        await asyncio.sleep(every_s)
    return time.monotonic() - started
