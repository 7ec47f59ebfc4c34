"""An MCP client with the SDK: ``ClientSession`` over stdio or streamable HTTP, then a tour.

A *host* (Claude Desktop, an IDE, an agent) runs one *client* per *server* it uses. The
client's first request is ``initialize``: it offers a protocol version and its capabilities,
the server answers with the version it speaks and its own (``tools``, ``resources``,
``prompts``), and the client confirms with ``notifications/initialized``. Only then does it
list and call. ``ClientSession`` does all of that; the transport only carries the messages.

That handshake is the protocol up to revision 2025-11-25, which hosts speak today. Revision
2026-07-28 drops it: the client asks ``server/discover`` once, then every request carries
its protocol version and capabilities in ``params._meta``. The SDK speaks both, and the
client's first request decides which one a connection uses: ``modern=True`` picks 2026-07-28.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult, Implementation

ROOT = Path(__file__).resolve().parent.parent
CLIENT_INFO = Implementation(name="day29-client", version="1.0.0")
#: how the host starts the server: the same line goes into Claude Desktop's config
STDIO_SERVER = StdioServerParameters(
    command=sys.executable,
    args=["-m", "day29_mcp_server.stdio_server"],
    # The project folder, so `-m` finds the package even where it is not installed.
    cwd=ROOT,
)


@asynccontextmanager
async def stdio_session(
    server: StdioServerParameters = STDIO_SERVER,
    *,
    modern: bool = False,
    errlog: TextIO | None = None,
) -> AsyncIterator[ClientSession]:
    """Launch the server as a child process and talk to it over its stdin/stdout."""
    async with (
        stdio_client(server, errlog=errlog or sys.stderr) as (read, write),
        ClientSession(read, write, client_info=CLIENT_INFO) as session,
    ):
        await connect(session, modern=modern)
        yield session


@asynccontextmanager
async def http_session(url: str, *, modern: bool = False) -> AsyncIterator[ClientSession]:
    """Connect to a running server's streamable HTTP endpoint, e.g. http://127.0.0.1:8029/mcp/."""
    async with (
        streamable_http_client(url) as (read, write),
        ClientSession(read, write, client_info=CLIENT_INFO) as session,
    ):
        await connect(session, modern=modern)
        yield session


async def connect(session: ClientSession, *, modern: bool = False) -> None:
    """The first request: the initialize handshake (up to 2025-11-25) or server/discover."""
    if modern:
        await session.discover()  # 2026-07-28: no handshake, no session
    else:
        await session.initialize()  # offers 2025-11-25, then sends notifications/initialized


@dataclass
class Tour:
    """What one session saw: the server, its lists, and the answers to a few calls."""

    server: str
    protocol_version: str
    capabilities: list[str]
    tools: list[str]
    resources: list[str]
    templates: list[str]
    prompts: list[str]
    calls: dict[str, Any] = field(default_factory=dict)


async def tour(session: ClientSession) -> Tour:
    """List everything the server offers, then use each kind once."""
    info, caps = session.server_info, session.server_capabilities
    assert info is not None and caps is not None and session.protocol_version, "connect() first"
    seen = Tour(
        server=f"{info.name} {info.version}",
        protocol_version=session.protocol_version,
        capabilities=sorted(caps.model_dump(exclude_none=True)),
        tools=[t.name for t in (await session.list_tools()).tools],
        resources=[str(r.uri) for r in (await session.list_resources()).resources],
        templates=[
            t.uri_template for t in (await session.list_resource_templates()).resource_templates
        ],
        prompts=[p.name for p in (await session.list_prompts()).prompts],
    )
    found = await session.call_tool("search_books", {"query": "distributed", "limit": 2})
    seen.calls["search_books"] = structured(found)
    added = await session.call_tool(
        "add_note",
        {"title": "Replication lag", "body": "Read-your-writes needs care.", "book_id": 1},
    )
    note = structured(added)
    seen.calls["add_note"] = note
    seen.calls["convert_units"] = structured(
        await session.call_tool("convert_units", {"value": 42, "from_unit": "km", "to_unit": "mi"})
    )
    stats = await session.read_resource("catalogue://stats")
    seen.calls["catalogue://stats"] = json.loads(stats.contents[0].text)
    text = await session.read_resource(f"notes://{note['id']}")
    seen.calls[f"notes://{note['id']}"] = text.contents[0].text
    prompt = await session.get_prompt("summarise_note", {"note_id": str(note["id"])})
    seen.calls["summarise_note"] = [m.content.type for m in prompt.messages]
    return seen


def structured(result: CallToolResult) -> Any:
    """A tool's structured result; a list or a scalar comes wrapped as ``{"result": ...}``."""
    if result.is_error:
        raise RuntimeError(f"the tool failed: {error_text(result)}")
    content = result.structured_content or {}
    return content["result"] if set(content) == {"result"} else content


def error_text(result: CallToolResult) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content)
