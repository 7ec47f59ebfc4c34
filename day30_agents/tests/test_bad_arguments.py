"""A bad call is a result the model reads, not a crash of the request."""

from __future__ import annotations

import json

from day30_agents.bookshop import Shelf, bookshop_tools
from shared.agent import ToolCall

from .conftest import tools_called


async def test_arguments_outside_the_schema_go_back_as_a_tool_error(client, llm_calls) -> None:
    task = (
        "What is the total price of 500 copies of the cheapest book by Ursula Le Guin with 8% tax?"
    )
    run = (await client.post("/tasks/run", json={"task": task})).json()
    assert tools_called(run) == [
        ("search_books", "ok"),
        ("get_price", "ok"),
        ("calculate_total", "bad_arguments"),
    ]
    failed = run["steps"][2]["tool_calls"][0]
    assert failed["arguments"]["quantity"] == 500
    assert "quantity" in failed["error"] and "100" in failed["error"]
    assert run["stopped"] == "answer"  # the request still succeeded
    # What the model was told: the tool message holds the error, field by field.
    told = json.loads(llm_calls()[3]["messages"][-1]["content"])
    assert told["details"] == [
        {"loc": "quantity", "msg": "Input should be less than or equal to 100"}
    ]


async def test_arguments_that_are_not_json_are_reported_and_the_model_tries_again(
    client,
) -> None:
    # [bad-tool-json]: the offline model cuts its first call's arguments in half (its rules).
    run = (await client.post("/tasks/run", json={"task": "Price of B104? [bad-tool-json]"})).json()
    assert tools_called(run) == [("get_price", "bad_json"), ("get_price", "ok")]
    assert run["steps"][0]["tool_calls"][0]["arguments"] == '{"book_id'  # as the model sent it
    assert "8.75" in run["answer"]


async def test_an_unknown_tool_and_an_exception_are_results_too() -> None:
    toolbox = bookshop_tools(Shelf.sample())
    allowed = frozenset(toolbox.tools)
    unknown = await toolbox.run(ToolCall("c1", "get_prices", "{}"), allowed)
    assert unknown.status == "unknown_tool"
    failed = await toolbox.run(ToolCall("c2", "get_price", '{"book_id": "B999"}'), allowed)
    assert failed.status == "error"
    assert json.loads(failed.content) == {
        "error": "get_price failed: LookupError: no item B999 in the catalogue"
    }
