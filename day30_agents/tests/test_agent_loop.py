"""Function calling, step by step: the model asks, the backend runs the tool, the result goes back."""

from __future__ import annotations

import json

from .conftest import PRICE_TASK, tools_called


async def test_a_task_runs_search_then_price_then_total_then_answers(client, llm_calls) -> None:
    r = await client.post("/tasks/run", json={"task": PRICE_TASK})
    assert r.status_code == 200, r.text
    run = r.json()
    assert tools_called(run) == [
        ("search_books", "ok"),
        ("get_price", "ok"),
        ("calculate_total", "ok"),
    ]
    search, price, total = (step["tool_calls"][0] for step in run["steps"][:3])
    assert search["arguments"] == {"author": "Ursula Le Guin", "sort": "cheapest"}
    assert search["result"][0]["title"] == "The Lathe of Heaven"  # the cheapest, $8.75
    assert price["arguments"] == {"book_id": "B104"}  # taken from the search's result
    assert total["arguments"] == {"price": 8.75, "quantity": 3, "tax_percent": 8}
    assert total["result"]["total"] == 28.35  # 3 × 8.75 = 26.25, + 8 % = 2.10
    assert run["stopped"] == "answer"
    assert "28.35" in run["answer"]
    assert len(run["steps"]) == 4 and run["steps"][3]["tool_calls"] == []
    assert run["prompt_tokens"] == sum(s["usage"]["prompt_tokens"] for s in run["steps"])

    # Four model calls, each carrying everything so far: the loop *is* the conversation.
    bodies = llm_calls()
    assert len(bodies) == 4
    assert [m["role"] for m in bodies[0]["messages"]] == ["system", "user"]
    assert [m["role"] for m in bodies[3]["messages"]] == [
        "system", "user", "assistant", "tool", "assistant", "tool", "assistant", "tool",
    ]  # fmt: skip
    first_call = bodies[1]["messages"][2]["tool_calls"][0]
    tool_message = bodies[1]["messages"][3]
    assert tool_message["tool_call_id"] == first_call["id"]
    assert json.loads(tool_message["content"])[0]["book_id"] == "B104"


async def test_every_call_offers_the_allowed_tools_as_json_schemas(client, llm_calls) -> None:
    await client.post("/tasks/run", json={"task": PRICE_TASK})
    for body in llm_calls():
        assert [t["function"]["name"] for t in body["tools"]] == [
            "search_books", "get_price", "calculate_total", "get_reviews",
        ]  # fmt: skip
        assert all(t["type"] == "function" for t in body["tools"])


async def test_a_run_is_kept_and_read_back_by_id(client) -> None:
    run = (await client.post("/tasks/run", json={"task": PRICE_TASK})).json()
    again = await client.get(f"/runs/{run['id']}")
    assert again.json() == run
    assert (await client.get("/runs")).json() == [
        {"id": run["id"], "task": PRICE_TASK, "stopped": "answer", "steps": 4}
    ]


async def test_a_task_no_tool_matches_is_answered_in_one_step(client, llm_calls) -> None:
    run = (await client.post("/tasks/run", json={"task": "hello there"})).json()
    assert run["stopped"] == "answer" and len(run["steps"]) == 1
    assert run["answer"].startswith("[offline model] Hello")
    assert len(llm_calls()) == 1
