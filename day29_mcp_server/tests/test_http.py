"""Streamable HTTP: the MCP server mounted at /mcp/ in the FastAPI app, under a real uvicorn."""

from __future__ import annotations

import httpx

from day29_mcp_server.app import create_app
from day29_mcp_server.client import error_text, http_session, structured, tour

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "curl", "version": "0"},
    },
}
# The transport's rule: a client POSTs JSON and says it can read either answer form.
MCP_HEADERS = {"Accept": "application/json, text/event-stream"}


async def test_the_sdk_client_over_streamable_http_shares_the_library_with_rest(
    live_app,  # type: ignore[no-untyped-def]
) -> None:
    app = create_app()
    base = live_app(app)
    async with http_session(f"{base}/mcp/") as session, httpx.AsyncClient(base_url=base) as rest:
        seen = await tour(session)
        assert {"search_books", "add_note", "convert_units"} <= set(seen.tools)
        assert "notes://{note_id}" in seen.templates and seen.prompts == ["summarise_note"]
        added = seen.calls["add_note"]

        # What the MCP tool wrote, the REST route reads: one Library behind both doors.
        r = await rest.get(f"/notes/{added['id']}")
        assert r.status_code == 200 and r.json() == added

        # And the other way round: a note POSTed over REST is an MCP resource.
        r = await rest.post("/notes", json={"title": "From REST", "body": "hello", "book_id": 2})
        assert r.status_code == 201
        text = await session.read_resource(f"notes://{r.json()['id']}")
        assert text.contents[0].text.startswith("# From REST")

        # One domain error, two answers: a 404 problem for REST, isError for the model.
        r = await rest.post("/notes", json={"title": "t", "body": "b", "book_id": 99})
        assert r.status_code == 404 and r.json()["detail"] == "no book with id 99"
        result = await session.call_tool("add_note", {"title": "t", "body": "b", "book_id": 99})
        assert result.is_error and error_text(result).endswith("no book with id 99")
        assert structured(await session.call_tool("search_books", {"query": "it"}))
        assert (await rest.get("/stats")).json()["notes"] == 2, "neither refusal wrote"


async def test_a_2026_07_28_client_discovers_the_same_server(live_app) -> None:  # type: ignore[no-untyped-def]
    """The SDK serves both revisions on one endpoint; the client's first request picks one."""
    base = live_app(create_app())
    async with http_session(f"{base}/mcp/", modern=True) as session:
        assert session.initialize_result is None and session.discover_result is not None
        seen = await tour(session)
    assert seen.protocol_version == "2026-07-28"
    assert seen.server == "backend-nexus-library 1.0.0"
    assert seen.calls["add_note"]["id"] == 1 and seen.calls["summarise_note"] == [
        "text",
        "resource",
    ]


async def test_the_transport_speaks_json_rpc_over_http_post(live_app) -> None:  # type: ignore[no-untyped-def]
    base = live_app(create_app())
    async with httpx.AsyncClient(base_url=base, headers=MCP_HEADERS) as http:
        r = await http.post("/mcp/", json=INITIALIZE)
        assert r.status_code == 200
        assert r.headers["content-type"] == "text/event-stream"  # the answer, as one SSE event
        event = r.text.strip().splitlines()
        assert event[0] == "event: message" and '"protocolVersion":"2025-11-25"' in event[1]
        session_id = r.headers["mcp-session-id"]  # every later request carries it

        # Version negotiation: an older version the server knows is accepted as offered; one
        # it does not know is answered with the newest it speaks (the client decides to go on).
        for offered, agreed in (("2025-06-18", "2025-06-18"), ("1999-01-01", "2025-11-25")):
            params = {**INITIALIZE["params"], "protocolVersion": offered}
            r = await http.post("/mcp/", json={**INITIALIZE, "params": params})
            assert f'"protocolVersion":"{agreed}"' in r.text, offered

        r = await http.post("/mcp/", json={"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
        assert r.status_code == 400, "no session id: refused"
        assert r.json()["error"]["code"] == -32600

        r = await http.post(
            "/mcp/", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert r.status_code == 400 and r.json()["error"]["code"] == -32700  # Parse error

        # /mcp without the slash is outside the mount: the app redirects, method and body kept.
        r = await http.post("/mcp", json=INITIALIZE)
        assert r.status_code == 307 and r.headers["location"].endswith("/mcp/")

        r = await http.delete("/mcp/", headers={"mcp-session-id": session_id})
        assert r.status_code == 200, "a client ends its session with DELETE"


async def test_host_and_origin_are_checked_against_dns_rebinding(live_app) -> None:  # type: ignore[no-untyped-def]
    base = live_app(create_app())
    async with httpx.AsyncClient(base_url=base, headers=MCP_HEADERS) as http:
        r = await http.post("/mcp/", json=INITIALIZE, headers={"Host": "evil.example"})
        assert r.status_code == 421 and r.text == "Invalid Host header"
        r = await http.post("/mcp/", json=INITIALIZE, headers={"Origin": "http://evil.example"})
        assert r.status_code == 403 and r.text == "Invalid Origin header"
        r = await http.post("/mcp/", json=INITIALIZE, headers={"Origin": "http://localhost:3000"})
        assert r.status_code == 200


async def test_without_the_lifespan_the_mcp_mount_cannot_answer(caplog) -> None:  # type: ignore[no-untyped-def]
    """httpx's ASGITransport does not run the lifespan: the session manager never started."""
    transport = httpx.ASGITransport(create_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8029") as http:
        r = await http.post("/mcp/", json=INITIALIZE, headers=MCP_HEADERS)
    # The mounted app is a Starlette app of its own: its crash answer is Starlette's, not ours.
    assert r.status_code == 500 and r.text == "Internal Server Error"
    assert "Task group is not initialized" in caplog.text


async def test_every_app_runs_its_own_session_manager(live_app) -> None:  # type: ignore[no-untyped-def]
    """run() works once per session manager: create_app() builds a new MCP server each time."""
    first, second = create_app(), create_app()
    assert first.state.mcp is not second.state.mcp
    for app in (first, second):
        async with http_session(f"{live_app(app)}/mcp/") as session:
            assert (await session.list_tools()).tools
