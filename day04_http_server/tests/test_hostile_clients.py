"""Slow and vanishing clients: each is timed out or dropped, and nobody else notices."""

from __future__ import annotations

import asyncio
import json
import time

from day04_http_server.server import HTTPServer
from day04_http_server.tests.rawclient import Conn, get

TRICKLE = 0.05  # seconds between bytes: faster than any per-read timeout would catch


async def trickle(conn: Conn, data: bytes) -> None:
    """Send one byte at a time, slowloris style, until the data runs out or the server hangs up."""
    for i in range(len(data)):
        try:
            await conn.send(data[i : i + 1])
        except ConnectionError:
            return
        await asyncio.sleep(TRICKLE)


async def test_slowloris_head_gets_408_at_the_head_deadline(server: HTTPServer, connect) -> None:
    conn = await connect()
    # 200 bytes at 20 bytes/s would take 10 s; every single byte arrives well within any
    # per-read timeout, so only a deadline for the whole head stops it.
    sender = asyncio.create_task(trickle(conn, get("/health", "X-Pad: " + "a" * 200)))
    reply = await conn.reply()  # within rawclient's 3 s deadline, so long before the trickle ends
    assert reply.status == 408 and reply.headers["connection"] == "close"
    sender.cancel()


async def test_slowloris_body_gets_408(server: HTTPServer, connect) -> None:
    conn = await connect()
    await conn.send(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
    sender = asyncio.create_task(trickle(conn, b"x" * 100))
    reply = await conn.reply()
    assert reply.status == 408 and "body" in json.loads(reply.body)["detail"]
    sender.cancel()


async def test_idle_keep_alive_connection_is_closed_without_a_word(connect) -> None:
    conn = await connect()
    assert (await conn.ask(get("/health"))).status == 200
    # Nothing sent after the response: after keep_alive_timeout the server just closes.
    assert await conn.closed_by_server()


async def test_client_hanging_up_mid_body_harms_no_other(server: HTTPServer, connect) -> None:
    steady, quitter = await connect(), await connect()
    assert (await steady.ask(get("/hello?name=before"))).status == 200

    await quitter.send(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\nonly-part")
    assert (await steady.ask(get("/health"))).status == 200  # answered while quitter hangs
    quitter.abort()  # RST in the middle of the body

    # The server notices, forgets the quitter's connection, and the steady client goes on.
    deadline = time.perf_counter() + 2.0
    while server.open_connections > 1:
        assert time.perf_counter() < deadline, "the abandoned connection was never cleaned up"
        await asyncio.sleep(0.01)
    reply = await steady.ask(get("/hello?name=after"))
    assert json.loads(reply.body) == {"message": "Hello, after!"}
    newcomer = await connect()
    assert (await newcomer.ask(get("/health"))).status == 200


async def test_client_closing_mid_head_is_dropped_quietly(server: HTTPServer, connect) -> None:
    quitter = await connect()
    await quitter.send(b"GET /health HTTP/1.1\r\nHo")
    quitter.writer.write_eof()  # a clean FIN half way through the head: nobody to answer
    assert await quitter.closed_by_server()
    assert (await (await connect()).ask(get("/health"))).status == 200
