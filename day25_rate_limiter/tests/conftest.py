from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from starlette.requests import Request

from course import testing
from course.testing import client_from
from day25_rate_limiter.app import create_app
from shared.ratelimit import ManualClock

QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def app(clock: ManualClock) -> FastAPI:
    return create_app(clock=clock)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_from(app) as c:
        yield c


@pytest.fixture
def connect() -> Callable[..., Any]:
    """``async with connect(app, ip="…") as c:`` — a client from another address."""
    return client_from


def make_request(
    host: str | None = "203.0.113.7",
    headers: dict[str, str] | list[tuple[str, str]] | None = None,
    path: str = "/x",
) -> Request:
    items = headers.items() if isinstance(headers, dict) else headers or []
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in items],
        "client": (host, 50000) if host is not None else None,
    }
    return Request(scope)


def assert_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    """The one error format, in full: every RFC 9457 member, the request id, the request's path."""
    return testing.assert_problem(r, status, members=True, instance=True)
