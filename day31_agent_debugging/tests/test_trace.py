"""The trace: every step as a span, with what was sent, what came back, tokens and time."""

from __future__ import annotations

import json

from .conftest import run, spans


async def test_every_step_is_a_span_with_its_request_response_and_usage(client, llm_calls) -> None:
    out, trace = await run(client, "Where is my order A1001?")
    assert out["status"] == "answer" and "Leipzig hub" in out["answer"]
    assert [s["kind"] for s in trace["spans"]] == [
        "chat", "execute_tool", "chat", "execute_tool", "chat",
    ]  # fmt: skip
    sent = llm_calls()
    chats = spans(trace, "chat")
    for span, body in zip(chats, sent, strict=True):
        # The prompt as the model received it, and its tools: the trace hides nothing.
        assert span["request"]["messages"] == body["messages"]
        assert span["request"]["tools"] == body["tools"]
        usage = span["response"]["usage"]
        attributes = span["attributes"]
        assert attributes["gen_ai.operation.name"] == "chat"
        assert attributes["gen_ai.usage.input_tokens"] == usage["prompt_tokens"] > 0
        assert attributes["gen_ai.usage.output_tokens"] == usage["completion_tokens"] > 0
        assert span["duration_ms"] >= 0 and span["attempt"] == 1
    assert trace["usage"]["input_tokens"] == sum(
        s["attributes"]["gen_ai.usage.input_tokens"] for s in chats
    )
    order, parcel = spans(trace, "execute_tool")
    assert order["attributes"] == {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "get_order",
        "gen_ai.tool.call.id": chats[0]["response"]["choices"][0]["message"]["tool_calls"][0]["id"],
    }
    assert order["arguments"] == '{"order_id": "A1001"}'  # the model's text, as written
    assert json.loads(order["result"])["tracking_id"] == "TR1001"
    assert parcel["step"] == 2 and parcel["status"] == "ok"
    starts = [s["start_ms"] for s in trace["spans"]]
    assert starts == sorted(starts)


async def test_runs_are_listed(client) -> None:
    out, _ = await run(client, "Where is my order A1003?")
    assert (await client.get("/runs")).json() == [
        {"run_id": out["run_id"], "task": "Where is my order A1003?", "status": "answer"}
    ]
