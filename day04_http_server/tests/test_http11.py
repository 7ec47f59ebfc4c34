"""The message format and keep-alive, checked byte by byte over a real socket to our server."""

from __future__ import annotations

import asyncio
import json

import pytest

from day04_http_server.messages import HTTPError
from day04_http_server.parsing import parse_head
from day04_http_server.tests.rawclient import get


def test_parse_head_reads_request_line_and_fields() -> None:
    head = b"GET /hello%20there?name=Ada HTTP/1.1\r\nHost: x\r\nX-Tag:  a \r\nx-tag: b"
    request = parse_head(head)
    assert (request.method, request.path, request.query) == ("GET", "/hello there", "name=Ada")
    # Names are case-insensitive, whitespace around a value is not part of it, repeats combine.
    assert request.headers == {"host": "x", "x-tag": "a, b"}


@pytest.mark.parametrize(
    "head",
    [
        b"GET /a HTTP/1.1\r\nHost : x",  # space before the colon
        b"GET /a HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded",  # obsolete line folding
        b"GET /a HTTP/1.1\r\nHost: x\r\nHost: y",  # two hosts
    ],
)
def test_parse_head_refuses_ambiguous_heads(head: bytes) -> None:
    with pytest.raises(HTTPError) as refused:
        parse_head(head)
    assert refused.value.status == 400


async def test_keep_alive_serves_two_requests_on_one_connection(connect) -> None:
    conn = await connect()
    first = await conn.ask(get("/hello?name=one"))
    second = await conn.ask(get("/hello?name=two"))
    assert json.loads(first.body) == {"message": "Hello, one!"}
    assert json.loads(second.body) == {"message": "Hello, two!"}
    assert "connection" not in second.headers  # HTTP/1.1: persistent unless someone says close


async def test_connection_close_is_honoured(connect) -> None:
    conn = await connect()
    reply = await conn.ask(get("/health", "Connection: close"))
    assert reply.status == 200 and reply.headers["connection"] == "close"
    assert await conn.closed_by_server()


async def test_http10_closes_unless_keep_alive_is_asked_for(connect) -> None:
    plain = await connect()
    assert (await plain.ask(b"GET /health HTTP/1.0\r\n\r\n")).status == 200
    assert await plain.closed_by_server()

    kept = await connect()
    ask = b"GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
    assert (await kept.ask(ask)).headers["connection"] == "keep-alive"
    assert (await kept.ask(ask)).status == 200


async def test_pipelined_requests_are_answered_in_order(connect) -> None:
    conn = await connect()
    await conn.send(get("/hello?name=a") + get("/hello?name=b") + get("/health"))
    bodies = [json.loads((await conn.reply()).body) for _ in range(3)]
    assert bodies == [
        {"message": "Hello, a!"},
        {"message": "Hello, b!"},
        {"status": "ok", "day": 4},
    ]


async def test_content_length_frames_the_body(connect) -> None:
    conn = await connect()
    post = (
        b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
    )
    # Body bytes beyond Content-Length are the next request, not part of this body.
    reply = await conn.ask(post + b"hello" + get("/health"))
    assert (reply.body, reply.headers["content-type"]) == (b"hello", "text/plain")
    assert json.loads((await conn.reply()).body)["status"] == "ok"


async def test_expect_100_continue_gets_the_go_ahead(connect) -> None:
    conn = await connect()
    await conn.send(
        b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"
    )
    async with asyncio.timeout(3):
        assert await conn.reader.readuntil(b"\r\n\r\n") == b"HTTP/1.1 100 Continue\r\n\r\n"
    assert (await conn.ask(b"abc")).body == b"abc"


async def test_status_line_and_headers(connect) -> None:
    conn = await connect()
    missing = await conn.ask(get("/nope"))
    assert missing.status == 404 and missing.headers["content-type"] == "application/problem+json"
    wrong_verb = await conn.ask(get("/echo"))
    assert wrong_verb.status == 405 and wrong_verb.headers["allow"] == "POST"
    head = await conn.ask(b"HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n", to_head=True)
    # HEAD: the same Content-Length as GET would send, and no body at all.
    assert (head.status, head.headers["content-length"], head.body) == (200, "23", b"")
    assert (await conn.ask(get("/health"))).headers["date"].endswith("GMT")  # RFC 9110 §6.6.1
