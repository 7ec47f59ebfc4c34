"""Bad bytes get the right status code, a problem+json body, and a closed connection."""

from __future__ import annotations

import asyncio
import json

import pytest

from day04_http_server.handler import handle
from day04_http_server.messages import Request, Response
from day04_http_server.server import HTTPServer
from day04_http_server.tests.rawclient import Conn, get

HOST = b"Host: x\r\n"
BAD_REQUESTS = {
    "malformed request line": (b"GARBAGE\r\n\r\n", 400),
    "HTTP/0.9 style line": (b"GET /\r\n\r\n", 400),
    "lowercase version": (b"GET / http/1.1\r\n" + HOST + b"\r\n", 400),
    "target is not a path": (b"GET hello HTTP/1.1\r\n" + HOST + b"\r\n", 400),
    "HTTP/2 on a 1.1 socket": (b"GET / HTTP/2.0\r\n" + HOST + b"\r\n", 505),
    "field without colon": (b"GET / HTTP/1.1\r\n" + HOST + b"NoColon\r\n\r\n", 400),
    "space before colon": (b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
    "NUL in a value": (b"GET / HTTP/1.1\r\n" + HOST + b"X-A: a\x00b\r\n\r\n", 400),
    "no Host in 1.1": (b"GET /health HTTP/1.1\r\n\r\n", 400),
    "headers too large": (
        b"GET / HTTP/1.1\r\n" + HOST + b"X-Big: " + b"a" * 3000 + b"\r\n\r\n",
        431,
    ),
    "too many headers": (b"GET / HTTP/1.1\r\n" + HOST + b"X-A: 1\r\n" * 25 + b"\r\n", 431),
    "request line too long": (b"GET /" + b"a" * 3000, 414),
    "body too large": (b"POST /echo HTTP/1.1\r\n" + HOST + b"Content-Length: 5000\r\n\r\n", 413),
    "huge Content-Length": (
        b"POST /echo HTTP/1.1\r\n" + HOST + b"Content-Length: " + b"9" * 40 + b"\r\n\r\n",
        413,
    ),
    "negative Content-Length": (
        b"POST /echo HTTP/1.1\r\n" + HOST + b"Content-Length: -1\r\n\r\n",
        400,
    ),
    "two Content-Lengths": (
        b"POST /echo HTTP/1.1\r\n" + HOST + b"Content-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        400,
    ),
    "chunked body": (
        b"POST /echo HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n",
        411,
    ),
    "unknown coding": (b"POST /echo HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: gzip\r\n\r\n", 501),
    "smuggling: TE and CL": (
        b"POST /echo HTTP/1.1\r\n"
        + HOST
        + b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        400,
    ),
}


@pytest.mark.parametrize("name", BAD_REQUESTS)
async def test_bad_request_gets_its_status_and_a_closed_connection(connect, name: str) -> None:
    data, status = BAD_REQUESTS[name]
    conn = await connect()
    reply = await conn.ask(data)
    assert reply.status == status
    assert reply.headers["connection"] == "close"
    assert reply.headers["content-type"] == "application/problem+json"
    assert json.loads(reply.body)["status"] == status
    assert await conn.closed_by_server()


async def test_bad_request_leaves_the_server_serving_others(connect) -> None:
    bad, good = await connect(), await connect()
    assert (await bad.ask(b"GARBAGE\r\n\r\n")).status == 400
    assert (await good.ask(get("/health"))).status == 200


async def test_handler_level_bad_input_is_a_400_and_the_connection_lives(connect) -> None:
    conn = await connect()
    reply = await conn.ask(get("/hello?name=" + "a" * 65))
    assert reply.status == 400 and "64" in json.loads(reply.body)["detail"]
    # A 400 from the handler is not a framing error: the connection stays usable.
    assert (await conn.ask(get("/hello?name=%00"))).status == 400
    assert (await conn.ask(get("/health"))).status == 200


async def test_upload_refused_with_413_is_readable_while_still_uploading(connect) -> None:
    conn = await connect()
    # The client sends its whole (too large) body without waiting: the lingering close must
    # keep reading it, or the kernel would reset the socket and the client would lose the 413.
    await conn.send(
        b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n" + b"x" * 200_000
    )
    assert (await conn.reply()).status == 413


async def test_a_failing_handler_is_a_500_not_a_dead_server() -> None:
    def broken(request: Request) -> Response:
        if request.path == "/boom":
            raise RuntimeError("bug in the handler")
        if request.path == "/split":  # a value with CRLF would let its author add headers
            return Response(200, [("X-Name", "a\r\nSet-Cookie: session=evil")], b"")
        return handle(request)

    async with HTTPServer(broken) as server:
        conn = Conn(*await asyncio.open_connection(server.host, server.port))
        reply = await conn.ask(get("/boom"))
        assert reply.status == 500 and "bug" not in reply.body.decode()  # no internals leak
        split = await conn.ask(get("/split"))
        assert split.status == 500 and "set-cookie" not in split.headers
        assert (await conn.ask(get("/health"))).status == 200  # framing intact: same connection
        conn.abort()
