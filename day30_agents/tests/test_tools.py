"""Tools are typed functions: the schema is generated from the signature, and validates the call."""

from __future__ import annotations

from typing import Annotated, Literal

import pytest
from pydantic import Field

from day30_agents.bookshop import Shelf, bookshop_tools
from shared.agent import Tool, ToolCall


async def book_table(
    city: str,
    people: Annotated[int, Field(ge=1, le=12)],
    when: Literal["lunch", "dinner"] = "dinner",
) -> str:
    """Book a table at the shop's café.

    Args:
        city: where the shop is
        people: how many people, 1 to 12
            (larger groups call us)
        when: which sitting
    """
    return f"{people} for {when} in {city}"


def test_the_schema_comes_from_hints_defaults_and_docstring() -> None:
    tool = Tool.from_function(book_table)
    assert tool.spec == {
        "type": "function",
        "function": {
            "name": "book_table",
            "description": "Book a table at the shop's café.",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string", "description": "where the shop is"},
                    "people": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 12,
                        "description": "how many people, 1 to 12 (larger groups call us)",
                    },
                    "when": {
                        "type": "string",
                        "enum": ["lunch", "dinner"],
                        "default": "dinner",
                        "description": "which sitting",
                    },
                },
                "required": ["city", "people"],
                "additionalProperties": False,
            },
        },
    }


def test_a_parameter_without_a_type_hint_is_refused() -> None:
    def untyped(city):  # noqa: ANN001 - the point of the test
        """No hints."""

    with pytest.raises(TypeError, match="needs a type hint"):
        Tool.from_function(untyped)


async def test_the_same_model_validates_the_arguments() -> None:
    toolbox = bookshop_tools(Shelf.sample())
    allowed = frozenset(toolbox.tools)
    ok = await toolbox.run(ToolCall("c1", "get_price", '{"book_id": "B104"}'), allowed)
    assert (ok.status, ok.value) == ("ok", {"book_id": "B104", "price": 8.75, "currency": "USD"})
    # The pattern, the bounds and extra="forbid" in the schema are checked, not just shown.
    for arguments in ('{"book_id": "104"}', '{"book_id": "B104", "discount": 1}', "{}"):
        bad = await toolbox.run(ToolCall("c2", "get_price", arguments), allowed)
        assert bad.status == "bad_arguments", arguments


async def test_get_tools_shows_the_generated_schemas(client) -> None:
    tools = {t["name"]: t for t in (await client.get("/tools")).json()}
    total = tools["calculate_total"]["parameters"]
    assert total["required"] == ["price", "quantity", "tax_percent"]
    assert total["properties"]["quantity"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "description": "how many copies (1 to 100)",
    }
    assert tools["get_price"]["parameters"]["properties"]["book_id"]["pattern"] == r"^B\d{3}$"
    assert tools["delete_all"]["public"] is False
    assert [n for n, t in tools.items() if t["public"]] == [
        "search_books", "get_price", "calculate_total", "get_reviews",
    ]  # fmt: skip
