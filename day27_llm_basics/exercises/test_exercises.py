"""Checks for the Day 27 exercises (README → Exercises). They fail until you solve them.

pytest day27_llm_basics/exercises -k cached_input
pytest day27_llm_basics/exercises -k top_k
pytest day27_llm_basics/exercises -k eventsource
"""

from __future__ import annotations

import contextlib
import importlib
import json
from collections.abc import AsyncIterator
from decimal import Decimal

import httpx
from openai import AsyncOpenAI

from course.testing import asgi_client
from day27_llm_basics import pricing
from day27_llm_basics.app import create_app
from shared.llm import LLM, OFFLINE_API_KEY
from shared.offline_llm import MODEL_ID


@contextlib.asynccontextmanager
async def lesson(base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    model = AsyncOpenAI(base_url=base_url, api_key=OFFLINE_API_KEY, max_retries=0)
    llm = LLM(model, MODEL_ID, offline=True, base_url=base_url)
    async with asgi_client(create_app(llm=lambda: contextlib.nullcontext(llm))) as client:
        yield client
    await model.close()


def test_cached_input() -> None:
    """1. Cached prompt tokens are billed at the cached price, the rest at the input price."""
    price = pricing.PRICES["gpt-4o-mini"]
    assert price.cached_input_per_1m == Decimal("0.075")
    cost = pricing.cost_of(1_000_000, 0, price, cached_tokens=400_000)
    assert cost.input_usd == Decimal("0.12"), "600 000 × 0.15 + 400 000 × 0.075, per million"
    assert pricing.cost_of(1_000_000, 0, price).input_usd == Decimal("0.15")
    assert pricing.PRICES["offline-model"].cached_input_per_1m == 0


async def test_top_k(offline_llm: str) -> None:
    """2. top_k keeps the k most likely tokens, before top-p."""
    sampling = importlib.import_module("day27_llm_basics.sampling")
    probs = sampling.probabilities(sampling.TOY_LOGITS, 1.0)
    kept = sampling.top_k(probs, 2)
    assert list(kept) == [" reliability", " speed"]
    assert abs(sum(kept.values()) - 1) < 1e-9
    async with lesson(offline_llm) as client:
        r = await client.post("/sampling", json={"top_k": 3, "temperature": 2, "draws": 300})
        assert r.status_code == 200, r.text
        body = r.json()
        assert sum(c["kept"] for c in body["candidates"]) == 3
        assert len(body["draws"]) == 3
        too_many = await client.post("/sampling", json={"top_k": 51})
        assert too_many.status_code == 422


async def test_eventsource(offline_llm: str) -> None:
    """3. GET /chat/stream?message=… streams like the POST."""
    async with lesson(offline_llm) as client:
        r = await client.get("/chat/stream", params={"message": "hello"})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("text/event-stream")
        data = [
            line.removeprefix("data: ") for line in r.text.splitlines() if line.startswith("data: ")
        ]
        assert data[-1] == "[DONE]"
        chunks = [json.loads(d) for d in data[:-1]]
        text = "".join(
            c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"]
        )
        assert text.startswith("[offline model] Hello!")
        assert (await client.get("/chat/stream", params={"message": "x" * 2001})).status_code == 422
        big = await client.get("/chat/stream", params={"message": ""})
        assert big.status_code == 422
