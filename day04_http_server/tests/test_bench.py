"""The benchmark's load generator counts real, complete responses, and the table's ratio is right."""

from __future__ import annotations

import re

from day04_http_server.bench import generate_load, table
from day04_http_server.handler import handle
from day04_http_server.messages import Request, Response
from day04_http_server.server import HTTPServer


async def test_load_generator_counts_every_answered_request() -> None:
    handled = 0

    def counting(request: Request) -> Response:
        nonlocal handled
        handled += 1
        return handle(request)

    async with HTTPServer(counting) as server:
        result = await generate_load(server.port, seconds=0.2, connections=4, warmup=0.0)
    assert 0 < result["ok"] <= result["answered"] and result["errors"] == result["lost"] == 0
    # Only requests still in flight when the clock stops go unanswered: one per connection.
    assert handled - 4 <= result["answered"] <= handled


async def test_load_generator_counts_non_200_as_errors() -> None:
    async with HTTPServer(handle) as server:
        result = await generate_load(server.port, 0.1, 2, 0.0, path="/missing")
    assert result["ok"] == 0 and result["errors"] > 0


def test_table_shows_our_rate_divided_by_each_peer() -> None:
    rows = [
        ("ours", {"rps": 3000.0, "errors": 0, "lost": 0}),
        ("peer", {"rps": 2000.0, "errors": 0, "lost": 0}),
    ]
    lines = table(rows).splitlines()
    assert re.search(r"ours\s+3,000\s+1\.00×", lines[1])
    assert re.search(r"peer\s+2,000\s+1\.50×", lines[2])
