"""Checks for the Day 29 exercises (README → Exercises). They fail until you solve them.

pytest day29_mcp_server/exercises -k books_resource
pytest day29_mcp_server/exercises -k delete_note
pytest day29_mcp_server/exercises -k stateless_http
"""

from __future__ import annotations

import json

import httpx
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from course.testing import asgi_client
from day29_mcp_server.app import create_app
from day29_mcp_server.catalogue import Library
from day29_mcp_server.mcp_server import build_server


async def test_books_resource() -> None:
    """1. A resource template books://{book_id}: the book as JSON; a bad id is -32602."""
    # Client(server) talks to the MCPServer in this process: the protocol without a transport.
    async with Client(build_server(Library())) as client:
        templates = (await client.list_resource_templates()).resource_templates
        books = [t for t in templates if t.uri_template == "books://{book_id}"]
        assert books, "no resource template books://{book_id}"
        assert books[0].mime_type == "application/json"

        read = await client.read_resource("books://2")
        assert json.loads(read.contents[0].text)["title"] == "Release It!"
        for uri in ("books://99", "books://two"):
            with pytest.raises(MCPError) as caught:
                await client.read_resource(uri)
            assert caught.value.error.code == -32602, uri


async def test_delete_note() -> None:
    """2. delete_note: a destructive MCP tool and DELETE /notes/{note_id}, one Library method."""
    app = create_app()
    async with asgi_client(app) as rest, Client(app.state.mcp) as mcp:
        tools = {t.name: t for t in (await mcp.list_tools()).tools}
        assert "delete_note" in tools, "no delete_note tool"
        hints = tools["delete_note"].annotations
        assert hints is not None and hints.destructive_hint is True and hints.idempotent_hint

        first = (await rest.post("/notes", json={"title": "a", "body": "b"})).json()
        second = (await rest.post("/notes", json={"title": "c", "body": "d"})).json()

        result = await mcp.call_tool("delete_note", {"note_id": first["id"]})
        assert not result.is_error
        assert (await rest.get(f"/notes/{first['id']}")).status_code == 404
        gone = await mcp.call_tool("delete_note", {"note_id": first["id"]})
        assert gone.is_error, "deleting it again: the model should hear there is no such note"

        r = await rest.delete(f"/notes/{second['id']}")
        assert r.status_code == 204
        r = await rest.delete(f"/notes/{second['id']}")
        assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
        assert (await rest.get("/notes")).json() == []


async def test_stateless_http(live_app) -> None:  # type: ignore[no-untyped-def]
    """3. create_app(stateless=True): /mcp/ answers plain JSON, no session id, any worker can."""
    base = live_app(create_app(stateless=True))
    headers = {"Accept": "application/json, text/event-stream"}
    initialize = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "exercise", "version": "0"},
        },
    }
    async with httpx.AsyncClient(base_url=base, headers=headers) as http:
        r = await http.post("/mcp/", json=initialize)
        assert r.status_code == 200
        assert "mcp-session-id" not in r.headers, "a stateless server hands out no session id"
        assert r.headers["content-type"] == "application/json", "answer JSON, not an SSE stream"

        # No session to belong to: a request on its own is answered.
        r = await http.post("/mcp/", json={"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
        assert r.status_code == 200
        assert [t["name"] for t in r.json()["result"]["tools"]][:1] == ["search_books"]
