"""MCP is JSON-RPC 2.0: raw lines to the stdio server, no SDK on the client side."""

from __future__ import annotations

from day29_mcp_server.wire import CONVERSATION, Message, exchange


def test_initialize_then_list_then_call(wire_transcript: tuple[list[Message | None], str]) -> None:
    init, initialized, listed, called = wire_transcript[0][:4]

    # initialize: the version both speak, and what the server offers (its capabilities).
    assert init is not None and init["jsonrpc"] == "2.0" and init["id"] == 1
    result = init["result"]
    assert result["protocolVersion"] == "2025-11-25"
    assert set(result["capabilities"]) == {"tools", "resources", "prompts"}
    assert result["serverInfo"] == {
        "name": "backend-nexus-library",
        "title": "Backend Nexus library",
        "version": "1.0.0",
    }
    assert "search_books" in result["instructions"]
    assert initialized is None, "a notification (no id) gets no answer"

    assert listed is not None and listed["id"] == 2
    names = {tool["name"] for tool in listed["result"]["tools"]}
    assert {"search_books", "add_note", "convert_units"} <= names

    assert called is not None and called["id"] == 3
    answer = called["result"]
    assert answer["isError"] is False
    assert answer["structuredContent"] == {
        "result": [
            {
                "id": 2,
                "title": "Release It!",
                "author": "Michael T. Nygard",
                "year": 2018,
                "subjects": ["operations", "resilience"],
            }
        ]
    }
    assert answer["content"][0]["type"] == "text"  # the same data as text, for older clients


def test_protocol_errors_are_json_rpc_errors(
    wire_transcript: tuple[list[Message | None], str],
) -> None:
    bad_params, no_method, not_json, ping = wire_transcript[0][4:]  # wire.MISTAKES
    assert bad_params is not None and bad_params["error"]["code"] == -32602  # Invalid params
    assert "result" not in bad_params
    assert no_method is not None and no_method["error"] == {
        "code": -32601,
        "message": "Method not found",
        "data": "books/burn",
    }
    assert not_json is None  # exchange() waits only for requests; see the next line
    # Had the bad line been answered (a -32700), that answer would have been read here.
    assert ping == {"jsonrpc": "2.0", "id": 6, "result": {}}, "the connection survived them all"


META = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": {},
}


async def test_revision_2026_07_28_discovers_instead_of_initializing() -> None:
    """The newest revision the SDK speaks: no handshake, every request says its version."""
    convert = {
        "name": "convert_units",
        "arguments": {"value": 1, "from_unit": "mi", "to_unit": "km"},
    }
    late_initialize = dict(CONVERSATION[0], id=4)
    discovered, called, bare, refused = await exchange(
        [
            {"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": META}},
            {
                "jsonrpc": "2.0",
                "id": 2,
                "method": "tools/call",
                "params": {"_meta": META, **convert},
            },
            {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": convert},
            late_initialize,
        ]
    )
    assert discovered is not None
    assert discovered["result"]["supportedVersions"] == ["2026-07-28"]
    assert set(discovered["result"]["capabilities"]) == {"tools", "resources", "prompts"}
    server_info = discovered["result"]["_meta"]["io.modelcontextprotocol/serverInfo"]
    assert server_info["name"] == "backend-nexus-library"

    assert called is not None and called["result"]["structuredContent"]["result"] == 1.609344
    # Without the _meta envelope the request is incomplete in this revision.
    assert bare is not None and bare["error"]["code"] == -32602
    # The first request chose the revision for the whole connection.
    assert refused is not None and refused["error"]["code"] == -32022
    assert refused["error"]["data"] == {"supported": ["2026-07-28"], "requested": "2025-11-25"}
