"""``python -m day29_mcp_server demo [wire|stdio|http]``: MCP seen three ways, errors included.

1. wire  — raw JSON-RPC lines to the stdio server: initialize, tools/list, tools/call
2. stdio — the SDK's ClientSession launches the same server and tours it
3. http  — the lesson's FastAPI app under a real uvicorn: the SDK client tours /mcp/, then a
           REST request reads the note the MCP tool added; then what bad calls get back

Without an argument all three run, in a few seconds. Nothing here needs a network or a key.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from day29_mcp_server.client import Tour, error_text, http_session, stdio_session, tour
from day29_mcp_server.wire import CONVERSATION, Message, exchange, shorten

PARTS = ("wire", "stdio", "http")


def main(argv: list[str]) -> int:
    parts = argv or list(PARTS)
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        print(f"unknown part {unknown[0]!r}; choose from: {', '.join(PARTS)}")
        return 2
    asyncio.run(run(parts))
    return 0


async def run(parts: list[str]) -> None:
    if "wire" in parts:
        await show_wire()
    if "stdio" in parts:
        print("\n2. The SDK client over stdio (python -m day29_mcp_server.stdio_server)")
        async with stdio_session() as session:
            show_tour(await tour(session))
    if "http" in parts:
        await show_http()


async def show_wire(messages: list[Message | str] | None = None) -> list[Message | None]:
    """Print each line sent (>>) and received (<<); return the answers (tests read them)."""
    print("1. The wire: JSON-RPC 2.0 lines on the stdio server's stdin (>>) and stdout (<<)")
    messages = list(CONVERSATION) if messages is None else messages
    answers = await exchange(messages)
    for sent, answer in zip(messages, answers, strict=True):
        print(f"   >> {sent if isinstance(sent, str) else shorten(sent)}")
        if answer is not None:
            print(f"   << {shorten(answer)}")
    return answers


def show_tour(seen: Tour) -> None:
    print(f"   server     {seen.server}, protocol {seen.protocol_version}")
    print(f"   offers     {', '.join(seen.capabilities)}")
    print(f"   tools      {', '.join(seen.tools)}")
    print(f"   resources  {', '.join(seen.resources + seen.templates)}")
    print(f"   prompts    {', '.join(seen.prompts)}")
    for name, answer in seen.calls.items():
        shown = json.dumps(answer) if not isinstance(answer, str) else answer.splitlines()[0]
        print(f"   {name:<18} -> {shown[:100]}")


async def show_http() -> None:
    from day29_mcp_server.app import create_app  # noqa: PLC0415 - FastAPI only for this part

    print("\n3. The same server over streamable HTTP, mounted at /mcp/ in the FastAPI app")
    app = create_app()
    # The access log (stderr) would interleave with the tour; the terminal is for the answers.
    logging.getLogger("course").setLevel(logging.WARNING)
    async with serving(app) as base:
        async with http_session(f"{base}/mcp/") as session:
            seen = await tour(session)
            show_tour(seen)
            async with httpx.AsyncClient(base_url=base) as rest:
                notes = (await rest.get("/notes")).json()
            print(f"   REST GET /notes    -> {json.dumps(notes)[:100]}")
            print("   (the note the MCP tool added; one Library behind both doors)")
            await show_errors(session)


async def show_errors(session) -> None:  # type: ignore[no-untyped-def]
    from mcp.shared.exceptions import MCPError  # noqa: PLC0415

    print("\n4. Bad calls: a tool error the model reads (isError) vs a JSON-RPC error")
    # The SDK logs a traceback for the prompt's missing argument (a ValueError, which its
    # catch-all answers with code 0); what the client receives is printed below instead.
    logging.getLogger("mcp.shared.jsonrpc_dispatcher").setLevel(logging.CRITICAL)
    tool_calls = [
        ("search_books", {"query": 42}),
        ("search_books", {}),
        ("add_note", {"title": "x", "body": "y", "book_id": 99}),
        ("convert_units", {"value": 1, "from_unit": "m", "to_unit": "kg"}),
        ("burn_books", {}),
    ]
    for name, arguments in tool_calls:
        result = await session.call_tool(name, arguments)
        text = " / ".join(
            line.strip()
            for line in error_text(result).splitlines()
            if not line.strip().startswith("For further information")
        )
        print(
            f"   tools/call {name} {json.dumps(arguments)}\n      isError={result.is_error}: {text}"
        )
    for label, call in [
        ("resources/read notes://999", session.read_resource("notes://999")),
        ("prompts/get summarise_note {}", session.get_prompt("summarise_note", {})),
    ]:
        try:
            await call
        except MCPError as exc:
            print(f"   {label}\n      JSON-RPC error {exc.error.code}: {exc.error.message}")


@asynccontextmanager
async def serving(app: object) -> AsyncIterator[str]:
    """The app under a real uvicorn on a free loopback port, in this event loop."""
    import uvicorn  # noqa: PLC0415

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))  # port 0: the kernel picks a free one, and we keep the socket
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()  # start-up failed: raise its error
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()
