"""Checks for the Day 30 exercises (README → Exercises). They fail until you solve them.

pytest day30_agents/exercises -k stock
pytest day30_agents/exercises -k token_budget
pytest day30_agents/exercises -k filter
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import httpx
from openai import AsyncOpenAI

from course.testing import asgi_client
from day30_agents.app import create_app
from shared.llm import LLM, OFFLINE_API_KEY
from shared.offline_llm import MODEL_ID

PRICE_TASK = (
    "What is the total price of 3 copies of the cheapest book by Ursula Le Guin including 8% tax?"
)


@contextlib.asynccontextmanager
async def lesson(base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    model = AsyncOpenAI(base_url=base_url, api_key=OFFLINE_API_KEY, max_retries=0)
    llm = LLM(model, MODEL_ID, offline=True, base_url=base_url)
    async with asgi_client(create_app(llm=lambda: contextlib.nullcontext(llm))) as client:
        yield client
    await model.close()


def called(run: dict) -> list[tuple[str, str]]:
    return [(c["name"], c["status"]) for step in run["steps"] for c in step["tool_calls"]]


async def test_stock(offline_llm) -> None:
    """1. A public check_stock(book_id) tool answers how many copies are on the shelf."""
    async with lesson(offline_llm) as client:
        tools = {t["name"]: t for t in (await client.get("/tools")).json()}
        assert tools["check_stock"]["public"] is True
        assert tools["check_stock"]["parameters"]["required"] == ["book_id"]
        run = (await client.post("/tasks/run", json={"task": "Is B104 in stock?"})).json()
    assert called(run)[0] == ("check_stock", "ok")
    result = run["steps"][0]["tool_calls"][0]["result"]
    assert result["book_id"] == "B104" and isinstance(result["in_stock"], int)


async def test_token_budget(offline_llm) -> None:
    """2. max_total_tokens stops a run once the tokens used so far pass it."""
    async with lesson(offline_llm) as client:
        run = (
            await client.post("/tasks/run", json={"task": PRICE_TASK, "max_total_tokens": 150})
        ).json()
        assert run["stopped"] == "token_budget", run
        assert run["answer"] is None
        unbounded = (await client.post("/tasks/run", json={"task": PRICE_TASK})).json()
        assert unbounded["stopped"] == "answer"
        r = await client.post("/tasks/run", json={"task": "hi", "max_total_tokens": 5})
        assert r.status_code == 422


async def test_filter(offline_llm) -> None:
    """3. GET /runs?stopped=step_limit lists only the runs that stopped that way."""
    async with lesson(offline_llm) as client:
        await client.post("/tasks/run", json={"task": PRICE_TASK})
        limited = (
            await client.post("/tasks/run", json={"task": PRICE_TASK, "max_steps": 1})
        ).json()
        listed = (await client.get("/runs", params={"stopped": "step_limit"})).json()
        assert [r["id"] for r in listed] == [limited["id"]]
        assert (await client.get("/runs", params={"stopped": "sideways"})).status_code == 422
