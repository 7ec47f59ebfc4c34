"""A step limit bounds what a confused (or expensive) model can cost."""

from __future__ import annotations

from .conftest import PRICE_TASK, tools_called


async def test_the_run_stops_at_the_limit_and_says_so(client, llm_calls) -> None:
    r = await client.post("/tasks/run", json={"task": PRICE_TASK, "max_steps": 2})
    assert r.status_code == 200
    run = r.json()
    assert run["stopped"] == "step_limit"
    assert run["answer"] is None
    assert "step limit (2)" in run["detail"] and "get_price" in run["detail"]
    # Step 2 asked for get_price; at the limit it is not run: nobody would read its result.
    assert tools_called(run) == [("search_books", "ok")]
    assert run["pending"] == ["get_price"]
    assert len(llm_calls()) == 2


async def test_enough_steps_and_the_same_task_answers(client) -> None:
    run = (await client.post("/tasks/run", json={"task": PRICE_TASK, "max_steps": 4})).json()
    assert run["stopped"] == "answer" and run["pending"] == []
