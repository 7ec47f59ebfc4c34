"""``python -m day04_http_server demo``: the same handler, served by our own asyncio server.

python -m day04_http_server demo [--host 127.0.0.1] [--port 8004]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from day04_http_server import LESSON
from day04_http_server.handler import handle
from day04_http_server.server import HTTPServer
from shared.runner import port_problem


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m day04_http_server demo",
        description="Serve the Day 04 handler with the lesson's raw asyncio HTTP/1.1 server.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=LESSON.default_port)
    parser.add_argument("--header-timeout", type=float, help="seconds for a head (default 10)")
    parser.add_argument("--body-timeout", type=float, help="seconds for a body (default 30)")
    args = parser.parse_args(argv)
    problem = port_problem(args.host, args.port)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        asyncio.run(serve(args.host, args.port, args.header_timeout, args.body_timeout))
    except KeyboardInterrupt:  # Ctrl-C: HTTPServer.close() has already ended every connection
        print("stopped", flush=True)
    return 0


async def serve(
    host: str, port: int, header_timeout: float | None, body_timeout: float | None
) -> None:
    given = {"header_timeout": header_timeout, "body_timeout": body_timeout}
    limits = {name: value for name, value in given.items() if value is not None}
    async with HTTPServer(handle, host=host, port=port, **limits) as server:
        url = f"http://localhost:{server.port}" if host == "127.0.0.1" else server.url
        print(
            f"Day 04 · raw asyncio HTTP/1.1 server (no uvicorn) listening on {url}/\n"
            f"  try        curl -i {url}/hello?name=Ada\n"
            f"  and        curl -i --data 'hi' {url}/echo\n"
            "  stop       Ctrl-C",
            flush=True,
        )
        await server.serve_forever()
