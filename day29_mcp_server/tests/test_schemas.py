"""Typed Python functions in, JSON Schemas out: what MCPServer derives from our signatures."""

from __future__ import annotations

import logging
from typing import Any

from day29_mcp_server.catalogue import Library
from day29_mcp_server.mcp_server import build_server

from .conftest import rest_client


async def tools_by_name() -> dict[str, dict[str, Any]]:
    server = build_server(Library())
    return {
        tool.name: tool.model_dump(by_alias=True, exclude_none=True, mode="json")
        for tool in await server.list_tools()
    }


async def test_signature_and_docstring_become_the_input_schema() -> None:
    search = (await tools_by_name())["search_books"]
    assert search["description"].startswith("Search the library catalogue")  # the docstring
    schema = search["inputSchema"]
    assert schema["type"] == "object"
    assert schema["required"] == ["query"]  # `limit` has a default
    query, limit = schema["properties"]["query"], schema["properties"]["limit"]
    assert (query["type"], query["minLength"], query["maxLength"]) == ("string", 1, 100)
    assert query["description"].startswith("Words to look for")  # from Annotated Field
    assert (limit["type"], limit["minimum"], limit["maximum"], limit["default"]) == (
        "integer",
        1,
        20,
        5,
    )
    assert search["annotations"] == {"readOnlyHint": True, "openWorldHint": False}


async def test_a_literal_becomes_an_enum_and_the_return_type_an_output_schema() -> None:
    tools = await tools_by_name()
    convert = tools["convert_units"]
    units = convert["inputSchema"]["properties"]["from_unit"]["enum"]
    assert {"m", "km", "mi", "kg", "lb"} <= set(units)
    assert convert["outputSchema"]["required"] == ["value", "from_unit", "result", "to_unit"]
    # A list cannot be a tool's structured result by itself: the SDK wraps it in {"result": …}.
    books = tools["search_books"]["outputSchema"]
    assert books["properties"]["result"]["type"] == "array"
    assert "Book" in books["$defs"]


async def test_one_set_of_limits_two_schemas(app) -> None:  # type: ignore[no-untyped-def]
    """The note's limits are declared once (catalogue.py); OpenAPI and MCP both carry them."""
    mcp_props = (await tools_by_name())["add_note"]["inputSchema"]["properties"]
    async with rest_client(app) as client:
        openapi = (await client.get("/openapi.json")).json()
    rest_props = openapi["components"]["schemas"]["NoteIn"]["properties"]
    for field in ("title", "body"):
        for key in ("type", "minLength", "maxLength", "description"):
            assert mcp_props[field][key] == rest_props[field][key], (field, key)


async def test_resources_templates_and_prompts_are_listed() -> None:
    server = build_server(Library())
    [stats] = await server.list_resources()
    assert (str(stats.uri), stats.mime_type) == ("catalogue://stats", "application/json")
    templates = {t.uri_template: t for t in await server.list_resource_templates()}
    assert templates["notes://{note_id}"].mime_type == "text/markdown"
    assert templates["notes://{note_id}"].description == "One reading note, as Markdown."
    [prompt] = await server.list_prompts()
    assert prompt.name == "summarise_note"
    [argument] = prompt.arguments or []
    assert (argument.name, argument.required) == ("note_id", True)


def test_building_the_server_leaves_the_process_logging_alone() -> None:
    """MCPServer() would call logging.basicConfig: every course log line would print twice."""
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    saved = root.handlers[:]
    root.handlers.clear()  # as in a fresh lesson process, where basicConfig would act
    try:
        build_server(Library())
        assert root.handlers == [], "build_server added a handler to the root logger"
    finally:
        root.handlers[:] = saved
    assert (list(root.handlers), root.level) == before
