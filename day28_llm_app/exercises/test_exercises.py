"""Checks for the Day 28 exercises (README → Exercises). They fail until you solve them.

pytest day28_llm_app/exercises -k summary
pytest day28_llm_app/exercises -k event_ids
pytest day28_llm_app/exercises -k session_budget
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
from openai import AsyncOpenAI

from course.testing import asgi_client
from day28_llm_app.app import create_app
from shared.llm import LLM, OFFLINE_API_KEY
from shared.offline_llm import MODEL_ID


@contextlib.asynccontextmanager
async def lesson(
    base_url: str, redis_client: Any, prefix: str, **options: Any
) -> AsyncIterator[httpx.AsyncClient]:
    model = AsyncOpenAI(base_url=base_url, api_key=OFFLINE_API_KEY, max_retries=0)
    llm = LLM(model, MODEL_ID, offline=True, base_url=base_url)
    app = create_app(
        llm=lambda: contextlib.nullcontext(llm),
        redis=lambda: contextlib.nullcontext(redis_client),
        key_prefix=prefix,
        **options,
    )
    async with asgi_client(app) as client:
        yield client
    await model.close()


async def test_summary(offline_llm, redis_client, redis_prefix) -> None:
    """1. Triage has a one-line summary (at most 120 characters), required like the rest."""
    from day28_llm_app.structured import RESPONSE_FORMAT

    schema = RESPONSE_FORMAT["json_schema"]["schema"]
    assert "summary" in schema["required"]
    assert schema["properties"]["summary"]["maxLength"] == 120
    async with lesson(offline_llm, redis_client, redis_prefix) as client:
        r = await client.post("/triage", json={"message": "The app has a bug with order 77"})
    assert r.status_code == 200, r.text
    summary = r.json()["triage"]["summary"]
    assert isinstance(summary, str) and 0 < len(summary) <= 120


async def test_event_ids(offline_llm, redis_client, redis_prefix) -> None:
    """2. Every event of the stream has an id: 1, 2, 3… (the done event's is the last)."""
    async with lesson(offline_llm, redis_client, redis_prefix) as client:
        r = await client.post("/chat/s1/stream", json={"message": "hello"})
    blocks = [b for b in r.text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    ids = []
    for block in blocks:
        fields = dict(line.split(": ", 1) for line in block.split("\n"))
        ids.append(int(fields["id"]))
        last = fields["event"]
    assert ids == list(range(1, len(blocks) + 1))
    assert last == "done"


async def test_session_budget(offline_llm, redis_client, redis_prefix) -> None:
    """3. A session may spend session_token_budget tokens (usage.total_tokens); then 429."""
    async with lesson(offline_llm, redis_client, redis_prefix, session_token_budget=150) as client:
        first = await client.post("/chat/s1", json={"message": "hello"})
        assert first.status_code == 200
        spent = first.json()["usage"]["total_tokens"]
        second = await client.post("/chat/s1", json={"message": "hello again"})
        assert second.status_code == 200, f"{spent} of 150 spent: still under"
        third = await client.post("/chat/s1", json={"message": "and again"})
        assert third.status_code == 429, "over 150 tokens spent"
        assert third.headers["content-type"] == "application/problem+json"
        assert third.json()["type"] == "/problems/session-token-budget"
        other = await client.post("/chat/s2", json={"message": "hello"})
        assert other.status_code == 200, "the budget is per session"
    stored = await redis_client.lrange(f"{redis_prefix}session:s1:messages", 0, -1)
    assert len(stored) == 4, "the refused request stored nothing"
