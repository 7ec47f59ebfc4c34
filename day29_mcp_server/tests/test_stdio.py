"""The SDK's ClientSession launches the stdio server as a child process, as a host does."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from typing import Any

import pytest
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult, ErrorData

from day29_mcp_server.client import Tour, error_text, stdio_session, structured, tour

Outcome = CallToolResult | ErrorData


async def outcome(call: Awaitable[Any]) -> Outcome:
    """A tool's result (isError or not), or the JSON-RPC error the call raised."""
    try:
        return await call
    except MCPError as exc:
        return exc.error


async def one_session() -> tuple[dict[str, Outcome], int, Tour]:
    async with stdio_session() as s:
        bad = {
            "wrong type": s.call_tool("search_books", {"query": 42}),
            "missing": s.call_tool("search_books", {}),
            "too big": s.call_tool("search_books", {"query": "x", "limit": 500}),
            "no such book": s.call_tool("add_note", {"title": "t", "body": "b", "book_id": 99}),
            "unknown tool": s.call_tool("burn_books", {}),
            "extra argument": s.call_tool("search_books", {"query": "release", "colour": "red"}),
            "no such note": s.read_resource("notes://999"),
            "prompt, no such note": s.get_prompt("summarise_note", {"note_id": "abc"}),
            "prompt, no argument": s.get_prompt("summarise_note", {}),
            "unknown prompt": s.get_prompt("write_my_essay", {}),
        }
        outcomes = {label: await outcome(call) for label, call in bad.items()}
        stats = await s.read_resource("catalogue://stats")
        notes_after_the_bad_calls = json.loads(stats.contents[0].text)["notes"]
        return outcomes, notes_after_the_bad_calls, await tour(s)


@pytest.fixture(scope="module")
def session_story() -> tuple[dict[str, Outcome], int, Tour]:
    """One child process for the module: starting one costs most of a second of CPU."""
    return asyncio.run(one_session())


def test_the_sdk_client_lists_and_calls_everything_over_stdio(session_story) -> None:  # type: ignore[no-untyped-def]
    seen: Tour = session_story[2]
    assert seen.server == "backend-nexus-library 1.0.0"
    assert seen.protocol_version == "2025-11-25"
    assert seen.capabilities == ["prompts", "resources", "tools"]
    # Subsets, not equality: the exercises add a tool and a template.
    assert {"search_books", "add_note", "convert_units"} <= set(seen.tools)
    assert "catalogue://stats" in seen.resources
    assert "notes://{note_id}" in seen.templates
    assert seen.prompts == ["summarise_note"]

    calls = seen.calls
    assert [b["id"] for b in calls["search_books"]] == [1, 5]
    assert calls["add_note"] == {
        "id": 1,
        "title": "Replication lag",
        "body": "Read-your-writes needs care.",
        "book_id": 1,
    }
    assert calls["convert_units"]["result"] == pytest.approx(26.09759)
    assert calls["catalogue://stats"]["notes"] == 1  # the resource sees the tool's write
    assert calls["notes://1"].startswith("# Replication lag\n")
    # The prompt: an instruction, then the note itself attached as an embedded resource.
    assert calls["summarise_note"] == ["text", "resource"]


def test_bad_tool_calls_are_results_with_is_error(session_story) -> None:  # type: ignore[no-untyped-def]
    outcomes, notes_written, _ = session_story
    # Arguments that break the input schema: a result with isError, for the model to read.
    for label, field in (("wrong type", "query"), ("missing", "query"), ("too big", "limit")):
        result = outcomes[label]
        assert isinstance(result, CallToolResult) and result.is_error is True, label
        assert result.structured_content is None
        assert field in error_text(result)
    assert "Field required" in error_text(outcomes["missing"])  # type: ignore[arg-type]

    # A domain error, raised as a ToolError: the model reads what went wrong.
    no_book = outcomes["no such book"]
    assert isinstance(no_book, CallToolResult) and no_book.is_error
    assert error_text(no_book).endswith("no book with id 99")
    # The spec lists an unknown tool among protocol errors; this SDK answers isError.
    unknown = outcomes["unknown tool"]
    assert isinstance(unknown, CallToolResult) and unknown.is_error
    assert error_text(unknown) == "Unknown tool: burn_books"
    # An argument the schema does not name is dropped, not refused (REST says 422).
    extra = outcomes["extra argument"]
    assert isinstance(extra, CallToolResult) and not extra.is_error
    assert structured(extra)[0]["title"] == "Release It!"
    assert notes_written == 0, "no refused call wrote anything"


def test_bad_resource_and_prompt_requests_are_json_rpc_errors(session_story) -> None:  # type: ignore[no-untyped-def]
    outcomes = session_story[0]
    # Resources and prompts have no isError: they fail with a JSON-RPC error.
    assert outcomes["no such note"] == ErrorData(
        code=-32602, message="no note with id 999", data={"uri": "notes://999"}
    )
    assert outcomes["prompt, no such note"] == ErrorData(code=-32602, message="no note with id abc")
    # The SDK raises a plain ValueError for these; its catch-all answers code 0, which is not
    # a JSON-RPC code (the SDK keeps it for compatibility with 1.x servers).
    missing = outcomes["prompt, no argument"]
    assert isinstance(missing, ErrorData) and missing.code == 0 and "note_id" in missing.message
    assert outcomes["unknown prompt"] == ErrorData(code=0, message="Unknown prompt: write_my_essay")
