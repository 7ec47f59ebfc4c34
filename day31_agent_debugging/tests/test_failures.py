"""Each way a tool call goes wrong is caught, fed back to the model, and shown in the trace."""

from __future__ import annotations

import json

from .conftest import TOOL_TIMEOUT_S, run, spans


def tool_statuses(trace: dict) -> list[tuple[str, str]]:
    return [
        (s["attributes"]["gen_ai.tool.name"], s["status"]) for s in spans(trace, "execute_tool")
    ]


def fed_back(llm_calls, step: int) -> dict:
    """The tool message the model got at the start of ``step`` (its last message)."""
    return json.loads(llm_calls()[step - 1]["messages"][-1]["content"])


async def test_malformed_tool_call_json(client, llm_calls) -> None:
    out, trace = await run(client, "Where is my order A1001? [bad-tool-json]")
    assert tool_statuses(trace) == [
        ("get_order", "bad_json"), ("get_order", "ok"), ("track_parcel", "ok"),
    ]  # fmt: skip
    assert spans(trace, "execute_tool")[0]["arguments"] == '{"order_id'
    assert "not valid JSON" in fed_back(llm_calls, 2)["error"]
    assert out["status"] == "answer"


async def test_an_unknown_tool(client, llm_calls) -> None:
    _, trace = await run(client, "Where is my order A1001? [unknown-tool]")
    assert tool_statuses(trace)[:2] == [("get_order_v2", "unknown_tool"), ("get_order", "ok")]
    assert fed_back(llm_calls, 2)["error"].startswith("there is no tool 'get_order_v2'")


async def test_a_tool_that_raises(client, llm_calls) -> None:
    out, trace = await run(client, "Where is my order A9999?")
    assert tool_statuses(trace) == [("get_order", "error")]
    assert spans(trace, "execute_tool")[0]["error"] == (
        "get_order failed: LookupError: no order A9999"
    )
    assert fed_back(llm_calls, 2)["error"] == "get_order failed: LookupError: no order A9999"
    assert out["status"] == "answer"  # the request did not crash


async def test_a_tool_that_hangs_is_timed_out(client, llm_calls) -> None:
    out, trace = await run(client, "Where is my order A1002?")  # its carrier never answers
    assert tool_statuses(trace) == [("get_order", "ok"), ("track_parcel", "timeout")]
    timed_out = spans(trace, "execute_tool")[1]
    assert timed_out["duration_ms"] >= TOOL_TIMEOUT_S * 1000 * 0.9
    assert (
        fed_back(llm_calls, 3)["error"] == f"track_parcel did not finish within {TOOL_TIMEOUT_S} s"
    )
    assert out["status"] == "answer"
