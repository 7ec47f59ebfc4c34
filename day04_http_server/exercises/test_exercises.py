"""Day 04 exercises: each test fails until you solve the task of the same name in the README.

pytest day04_http_server/exercises -k chunked
pytest day04_http_server/exercises -k max_connections
pytest day04_http_server/exercises -k headers_route
"""

from __future__ import annotations

import asyncio
import json

import httpx

from day04_http_server.app import create_app
from day04_http_server.handler import handle
from day04_http_server.server import HTTPServer
from day04_http_server.tests.rawclient import Conn, get

CHUNKED = (
    b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n"
)


async def open_conn(server: HTTPServer) -> Conn:
    return Conn(*await asyncio.open_connection(server.host, server.port))


async def test_chunked() -> None:
    """Exercise 1: accept chunked request bodies (RFC 9112 §7.1), still capped at 413."""
    async with HTTPServer(handle, max_body_bytes=16, body_timeout=1.0) as server:
        conn = await open_conn(server)
        # Two chunks ("Wiki", "pedia"; sizes in hex), then the last chunk "0" and no trailers.
        reply = await conn.ask(CHUNKED + b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n")
        assert (reply.status, reply.body) == (200, b"Wikipedia")
        # The connection is still in step: the next request on it is answered too.
        assert (await conn.ask(get("/health"))).status == 200
        conn.abort()

        conn = await open_conn(server)
        too_big = await conn.ask(CHUNKED + b"a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n")
        assert too_big.status == 413  # 20 bytes in total, over max_body_bytes=16
        conn.abort()

        conn = await open_conn(server)
        assert (await conn.ask(CHUNKED + b"zz\r\n")).status == 400  # not a hex size
        conn.abort()


async def test_max_connections() -> None:
    """Exercise 2: HTTPServer(max_connections=N) answers connection N+1 with 503 and closes it."""
    async with HTTPServer(handle, max_connections=2) as server:
        first, second = await open_conn(server), await open_conn(server)
        assert (await first.ask(get("/health"))).status == 200
        assert (await second.ask(get("/health"))).status == 200
        third = await open_conn(server)
        refused = await third.ask(get("/health"))
        assert refused.status == 503 and "retry-after" in refused.headers
        assert await third.closed_by_server()
        first.abort()
        deadline = asyncio.get_running_loop().time() + 3
        while server.open_connections > 1:  # wait until the server has noticed the hang-up
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.01)
        fourth = await open_conn(server)
        assert (await fourth.ask(get("/health"))).status == 200  # a free slot again
        for conn in (second, fourth):
            conn.abort()


async def test_headers_route(live_app) -> None:
    """Exercise 3: GET /headers returns the request's headers as JSON, alike on both servers."""
    async with HTTPServer(handle) as server:
        for base_url in (server.url, live_app(create_app())):
            async with httpx.AsyncClient(base_url=base_url) as client:
                response = await client.get("/headers", headers={"X-Course": "Backend Nexus"})
            assert response.status_code == 200
            assert json.loads(response.content)["x-course"] == "Backend Nexus"
