"""A repeated call is a loop: detected before it runs again, and the run stopped."""

from __future__ import annotations

from day31_agent_debugging.loops import RepeatGuard, fingerprint
from shared.agent import AgentRun, ToolCall

from .conftest import run, spans


async def test_the_same_call_again_stops_the_run(client, llm_calls) -> None:
    out, trace = await run(client, "Where is my order A1001? [loop]")
    assert out["status"] == "loop" and out["answer"] is None
    assert [s["attributes"]["gen_ai.tool.name"] for s in spans(trace, "execute_tool")] == [
        "get_order"
    ]  # run once, not twice
    (stop,) = spans(trace, "stop")
    assert stop["status"] == "loop" and stop["step"] == 2
    assert "the same call as step 1" in stop["detail"]
    assert stop["pending"] == [{"name": "get_order", "arguments": '{"order_id": "A1001"}'}]
    assert len(llm_calls()) == 2  # stopped at once, not at the step limit (6)


def test_a_repeat_is_the_same_name_and_arguments_in_any_key_order() -> None:
    assert fingerprint(ToolCall("1", "f", '{"a": 1, "b": 2}')) == fingerprint(
        ToolCall("2", "f", '{"b": 2,  "a": 1}')
    )
    assert fingerprint(ToolCall("1", "f", '{"a": 1}')) != fingerprint(
        ToolCall("2", "f", '{"a": 2}')
    )


def test_an_exempt_tool_may_repeat() -> None:
    from shared.agent import AgentStep, ModelCall, ModelTurn, ToolOutcome, ToolRun

    call = ToolCall("1", "get_time", "{}")
    done = ToolRun(1, call, ToolOutcome("ok", "12:00"), 0.0, 0.0)
    step = AgentStep(1, ModelCall(1, [], [], ModelTurn(None, [call], "tool_calls", None), 0, 0))
    step.tools.append(done)
    history = AgentRun("t", frozenset({"get_time"}), 5, steps=[step])
    assert RepeatGuard()(ToolCall("2", "get_time", "{}"), history).reason == "loop"
    assert (
        RepeatGuard(exempt=frozenset({"get_time"}))(ToolCall("2", "get_time", "{}"), history)
        is None
    )
