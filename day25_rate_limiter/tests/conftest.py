from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from starlette.requests import Request

from day25_rate_limiter.app import create_app
from shared.ratelimit import ManualClock

PROBLEM_FIELDS = {"type", "title", "status", "instance", "request_id"}
QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def app(clock: ManualClock) -> FastAPI:
    return create_app(clock=clock)


@contextlib.asynccontextmanager
async def client_from(app: Any, ip: str = "203.0.113.7") -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client wired to ``app`` whose requests come from ``ip`` (the ASGI peer)."""
    transport = httpx.ASGITransport(app, raise_app_exceptions=False, client=(ip, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


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


def assert_problem(r: httpx.Response, status: int) -> dict:
    """The one error format: status, problem+json, the RFC 9457 members and the request id."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert PROBLEM_FIELDS <= body.keys(), body
    assert body["status"] == status
    assert body["instance"] == r.request.url.path
    assert body["request_id"] == r.headers["x-request-id"]
    return body
