"""MCP on the wire: JSON-RPC 2.0, one message per line, on a child process's stdin and stdout.

No SDK on this side: ``exchange()`` starts the stdio server, writes each message as a line of
JSON and reads the answer line. A request has an ``id`` and gets exactly one response with
the same ``id`` (a ``result`` or an ``error``); a notification has no ``id`` and gets none.
The demo prints the exchange; the README's sequence was captured with it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from day29_mcp_server.client import ROOT

Message = dict[str, Any]
#: a server that has not answered a request by then never will: fail instead of hanging
ANSWER_WITHIN_S = 10.0

HANDSHAKE: list[Message] = [
    {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "wire-demo", "version": "1.0.0"},
        },
    },
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
]
CONVERSATION: list[Message] = [
    *HANDSHAKE,
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
    {
        "jsonrpc": "2.0",
        "id": 3,
        "method": "tools/call",
        "params": {"name": "search_books", "arguments": {"query": "release", "limit": 1}},
    },
]
#: requests that are wrong on purpose, sent after the conversation (the tests check the answers)
MISTAKES: list[Message | str] = [
    # params that are not the shape the method needs: arguments must be an object
    {
        "jsonrpc": "2.0",
        "id": 4,
        "method": "tools/call",
        "params": {"name": "search_books", "arguments": "dune"},
    },
    {"jsonrpc": "2.0", "id": 5, "method": "books/burn"},
    "{this is not json",
    {"jsonrpc": "2.0", "id": 6, "method": "ping"},
]


async def exchange(messages: list[Message | str]) -> list[Message | None]:
    """Send each message to a fresh stdio server; return each one's answer (None if it has none).

    A ``str`` is sent as it is (to try a line that is not JSON). Only a request — a dict with
    an ``id`` — is waited for, up to ``ANSWER_WITHIN_S`` seconds.
    """
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "day29_mcp_server.stdio_server",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert proc.stdin is not None and proc.stdout is not None
    answers: list[Message | None] = []
    try:
        for message in messages:
            line = message if isinstance(message, str) else json.dumps(message)
            proc.stdin.write(line.encode() + b"\n")
            await proc.stdin.drain()
            if isinstance(message, dict) and "id" in message:
                raw = await asyncio.wait_for(proc.stdout.readline(), ANSWER_WITHIN_S)
                answers.append(json.loads(raw))
            else:
                answers.append(None)
    finally:
        proc.stdin.close()  # the MCP way to stop a stdio server: close its input
        try:
            await asyncio.wait_for(proc.wait(), ANSWER_WITHIN_S)
        except TimeoutError:
            proc.kill()
            await proc.wait()
    return answers


def shorten(message: Message, width: int = 160) -> str:
    """One line of JSON, cut to ``width`` characters for the terminal."""
    text = json.dumps(message, separators=(",", ":"))
    return text if len(text) <= width else text[: width - 1] + "…"
