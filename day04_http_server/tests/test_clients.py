"""Real HTTP clients (the standard library's http.client and httpx) talk to our server."""

from __future__ import annotations

import asyncio
import http.client

import httpx

from day04_http_server.server import HTTPServer


def stdlib_session(port: int) -> list[tuple[int, bytes]]:
    """Three requests over one http.client connection, which only works if keep-alive does."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3)
    answers, sockets = [], set()
    for method, path, body in [
        ("GET", "/health", None),
        ("POST", "/echo", b"hello over http.client"),
        ("GET", "/hello?name=Grace%20Hopper", None),
    ]:
        conn.request(method, path, body=body, headers={"Content-Type": "text/plain"})
        response = conn.getresponse()
        answers.append((response.status, response.read()))
        sockets.add(conn.sock)  # http.client drops its socket when the server says close
    conn.close()
    assert len(sockets) == 1 and None not in sockets
    return answers


async def test_http_client_from_the_standard_library(server: HTTPServer) -> None:
    answers = await asyncio.to_thread(stdlib_session, server.port)
    assert answers == [
        (200, b'{"status":"ok","day":4}'),
        (200, b"hello over http.client"),
        (200, b'{"message":"Hello, Grace Hopper!"}'),
    ]


async def test_httpx_reuses_one_connection(server: HTTPServer) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=3) as client:
        first = await client.get("/hello", params={"name": "Ada"})
        second = await client.post("/echo", json={"x": 1})
        assert first.json() == {"message": "Hello, Ada!"}
        assert (second.json(), second.headers["content-type"]) == ({"x": 1}, "application/json")
        assert server.open_connections == 1  # both requests went over the same socket


async def test_httpx_gets_the_413_for_a_large_upload(server: HTTPServer) -> None:
    # httpx sends the whole body before it reads the answer. Without the lingering close
    # the server's early close would reset the socket and httpx would see a ReadError.
    async with httpx.AsyncClient(base_url=server.url, timeout=3) as client:
        response = await client.post("/echo", content=b"x" * 5_000_000)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
