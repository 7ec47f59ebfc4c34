from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
from fastapi import FastAPI

from course.testing import asgi_client
from course.testing import assert_problem as assert_problem
from day28_llm_app.app import create_app
from shared.llm import LLM

# `llm` (the offline model, every request recorded) and `llm_calls` come from
# course/fixtures_backends.py.


@pytest.fixture
def key(redis_prefix: str) -> Callable[[str], str]:
    """``key("s1")``: the Redis key holding session s1's messages."""
    return lambda session: f"{redis_prefix}session:{session}:messages"


@pytest.fixture
def app(llm: LLM, redis_client: Any, redis_prefix: str) -> FastAPI:
    return create_app(
        llm=lambda: contextlib.nullcontext(llm),
        redis=lambda: contextlib.nullcontext(redis_client),
        key_prefix=redis_prefix,
    )


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as c:
        yield c


def redis_at(url: str) -> Callable[[], contextlib.AbstractAsyncContextManager[Any]]:
    """An opener for apps served by live_app: the client is made in the server's own loop."""

    @contextlib.asynccontextmanager
    async def opened() -> AsyncIterator[Any]:
        client = aioredis.Redis.from_url(url, decode_responses=True)
        try:
            yield client
        finally:
            await client.aclose()

    return opened


def env_app(redis_url: str, redis_prefix: str) -> FastAPI:
    """The app as `python -m` builds it — the model from the settings — on the test's Redis."""
    return create_app(redis=redis_at(redis_url), key_prefix=redis_prefix)


def parse_sse(text: str) -> list[tuple[str, Any]]:
    """``(event, data)`` per event of a ``text/event-stream`` body, data decoded from JSON."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if not block.strip():
            continue
        name, data = "message", []
        for line in block.split("\n"):
            field, _, value = line.partition(":")
            if field == "event":
                name = value.strip()
            elif field == "data":
                data.append(value.removeprefix(" "))
        events.append((name, json.loads("\n".join(data))))
    return events
