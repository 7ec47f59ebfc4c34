"""Many clients at once: one task per connection, so 60 half-sent requests block nobody."""

from __future__ import annotations

import asyncio
import json

from day04_http_server.server import HTTPServer
from day04_http_server.tests.rawclient import get

CLIENTS = 60


async def test_sixty_concurrent_connections_are_all_answered(server: HTTPServer, connect) -> None:
    conns = await asyncio.gather(*(connect() for _ in range(CLIENTS)))
    requests = [get(f"/hello?name=client{i}") for i in range(CLIENTS)]
    # First half of every request on every connection: the server now holds 60 unfinished
    # requests at once. A server handling one connection at a time would wait on the first.
    await asyncio.gather(*(conn.send(req[:10]) for conn, req in zip(conns, requests, strict=True)))
    await asyncio.gather(*(conn.send(req[10:]) for conn, req in zip(conns, requests, strict=True)))
    replies = await asyncio.gather(*(conn.reply() for conn in conns))
    assert server.open_connections == CLIENTS
    assert [json.loads(r.body)["message"] for r in replies] == [
        f"Hello, client{i}!" for i in range(CLIENTS)
    ]
