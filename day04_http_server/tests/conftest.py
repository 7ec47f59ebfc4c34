"""Day 04 fixtures: our server on a free loopback port with tiny limits, and a raw-socket client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from day04_http_server.handler import handle
from day04_http_server.server import HTTPServer
from day04_http_server.tests.rawclient import Conn

# Small limits and short timeouts, so the hostile-client tests take tenths of a second.
LIMITS = {
    "max_header_bytes": 2048,
    "max_headers": 20,
    "max_body_bytes": 1024,
    "keep_alive_timeout": 0.5,
    "header_timeout": 0.3,
    "body_timeout": 0.3,
    "linger_timeout": 0.2,
}


@pytest.fixture
async def server() -> AsyncIterator[HTTPServer]:
    async with HTTPServer(handle, **LIMITS) as running:
        yield running


@pytest.fixture
async def connect(server: HTTPServer) -> AsyncIterator[Callable[[], Awaitable[Conn]]]:
    conns: list[Conn] = []

    async def open_conn() -> Conn:
        conn = Conn(*await asyncio.open_connection(server.host, server.port))
        conns.append(conn)
        return conn

    yield open_conn
    for conn in conns:
        conn.abort()
