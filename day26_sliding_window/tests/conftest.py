from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from course import testing
from course.testing import client_from
from day26_sliding_window.app import create_app
from shared.redis import RedisServer

QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded"


class RestartableRedis(RedisServer):
    """A private redis-server a test may kill and start again *on the same port*, as an
    outage and a recovery look to a client that keeps its URL."""

    def restart(self, deadline_s: float = 10.0) -> None:
        port = self.port
        self.stop()
        self.folder = Path(tempfile.mkdtemp(prefix="course-redis-"))
        if not self._try_port(port, deadline_s):
            raise RuntimeError(f"port {port} was taken while Redis was down")


@pytest.fixture
def private_redis() -> Iterator[RestartableRedis]:
    """A Redis of this test's own, to stop and start (never the session's shared one)."""
    with RestartableRedis() as server:
        yield server


@pytest.fixture
def app(redis_client: Any, redis_prefix: str) -> FastAPI:
    """The lesson on the session's real Redis, under this test's own key prefix."""
    return create_app(redis=redis_client, prefix=redis_prefix)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_from(app) as c:
        yield c


@pytest.fixture
def connect() -> Callable[..., Any]:
    """``async with connect(app, ip="…") as c:`` — a client from another address."""
    return client_from


def assert_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    """The one error format, in full: every RFC 9457 member, the request id, the request's path."""
    return testing.assert_problem(r, status, members=True, instance=True)


def over_the_limit(times_us: list[int], limit: int, window_us: int) -> list[tuple[int, int]]:
    """Every window ``(t - window, t]`` holding more than ``limit`` of ``times_us``.

    Sorted, the times fit the rule exactly when each one is at least a window after the one
    ``limit`` places before it; a pair closer than that is ``limit + 1`` hits in one window.
    """
    times = sorted(times_us)
    return [
        (times[i - limit], times[i])
        for i in range(limit, len(times))
        if times[i] - times[i - limit] < window_us
    ]
