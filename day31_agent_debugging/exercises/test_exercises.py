"""Checks for the Day 31 exercises (README → Exercises). They fail until you solve them.

pytest day31_agent_debugging/exercises -k slowest
pytest day31_agent_debugging/exercises -k retry_after
pytest day31_agent_debugging/exercises -k redact
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
from openai import AsyncOpenAI
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from course.testing import asgi_client
from day31_agent_debugging.app import create_app
from shared.llm import LLM, OFFLINE_API_KEY
from shared.offline_llm import MODEL_ID


@contextlib.asynccontextmanager
async def lesson(base_url: str, **options: Any) -> AsyncIterator[httpx.AsyncClient]:
    model = AsyncOpenAI(base_url=base_url, api_key=OFFLINE_API_KEY, max_retries=0)
    llm = LLM(model, MODEL_ID, offline=True, base_url=base_url)
    app = create_app(llm=lambda: contextlib.nullcontext(llm), tool_timeout_s=0.2, **options)
    async with asgi_client(app) as client:
        yield client
    await model.close()


async def test_slowest(offline_llm) -> None:
    """1. The text timeline marks the slowest span's line with '← slowest'."""
    async with lesson(offline_llm) as client:
        out = (await client.post("/runs", json={"task": "Where is my order A1002?"})).json()
        text = (await client.get(out["timeline"])).text
    marked = [line for line in text.splitlines() if line.endswith("← slowest")]
    assert len(marked) == 1 and "tool track_parcel" in marked[0]  # the 0.2 s timeout


async def test_retry_after(live_app) -> None:
    """2. A 429 or 503 with retry-after-ms is retried after that wait, not the backoff's."""
    calls = 0

    async def chat(request: Request) -> JSONResponse:
        nonlocal calls
        calls += 1
        if calls == 1:
            error = {"message": "slow down", "type": "rate_limit", "param": None, "code": None}
            return JSONResponse({"error": error}, 429, {"retry-after-ms": "40"})
        message = {"role": "assistant", "content": "ok"}
        return JSONResponse(
            {"id": "x", "object": "chat.completion", "created": 0, "model": "m",
             "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        )  # fmt: skip

    url = live_app(Starlette(routes=[Route("/v1/chat/completions", chat, methods=["POST"])]))
    async with lesson(f"{url}/v1", backoff_base_s=5.0) as client:
        out = (await client.post("/runs", json={"task": "hi"})).json()
        trace = (await client.get(out["trace"])).json()
    first = trace["spans"][0]
    assert first["status"] == "error" and first["retry_in_ms"] == 40.0


async def test_redact(offline_llm) -> None:
    """3. GET /runs/{id}/trace?redact=true hides the task and every message's content."""
    async with lesson(offline_llm) as client:
        out = (await client.post("/runs", json={"task": "Where is my order A1001?"})).json()
        full = (await client.get(out["trace"])).json()
        r = await client.get(out["trace"], params={"redact": "true"})
    assert r.status_code == 200
    assert "Where is my order" not in r.text and "Leipzig" not in r.text
    redacted = r.json()
    assert len(redacted["spans"]) == len(full["spans"])
    assert redacted["usage"] == full["usage"]
