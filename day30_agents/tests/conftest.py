from __future__ import annotations

import contextlib
import functools
import json
import ssl
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from openai import AsyncOpenAI, DefaultAsyncHttpxClient

from course.testing import asgi_client
from day30_agents.app import create_app
from day30_agents.bookshop import Shelf
from shared.llm import LLM, OFFLINE_API_KEY
from shared.offline_llm import MODEL_ID
from shared.settings import get_settings

LLM_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_MODEL", "LLM_TIMEOUT_S", "LLM_MAX_RETRIES")
PRICE_TASK = (
    "What is the total price of 3 copies of the cheapest book by Ursula Le Guin including 8% tax?"
)


@functools.cache
def tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


@pytest.fixture
def sent() -> list[httpx.Request]:
    """Every HTTP request the lesson sent to the model during the test."""
    return []


@pytest.fixture
def calls(sent: list[httpx.Request]) -> Callable[[], list[dict[str, Any]]]:
    """``calls()``: the bodies of the chat-completion requests sent so far."""

    def bodies() -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in sent if r.url.path.endswith("/chat/completions")]

    return bodies


@pytest.fixture
async def llm(offline_llm: str, sent: list[httpx.Request]) -> AsyncIterator[LLM]:
    """The offline model through the real SDK, every request recorded (no retries)."""

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    http = DefaultAsyncHttpxClient(verify=tls_context(), event_hooks={"request": [record]})
    client = AsyncOpenAI(
        base_url=offline_llm, api_key=OFFLINE_API_KEY, max_retries=0, timeout=10, http_client=http
    )
    try:
        yield LLM(client, MODEL_ID, offline=True, base_url=offline_llm)
    finally:
        await client.close()


@pytest.fixture
def shelf() -> Shelf:
    return Shelf.sample()


@pytest.fixture
def app(llm: LLM, shelf: Shelf) -> FastAPI:
    return create_app(llm=lambda: contextlib.nullcontext(llm), shelf=shelf)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as c:
        yield c


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[Callable[..., None]]:
    """``env(OPENAI_API_KEY=...)``: the model settings for this test, none inherited."""
    monkeypatch.chdir(tmp_path)  # out of reach of a .env in the project

    def apply(**values: str) -> None:
        for name in LLM_VARS:
            monkeypatch.delenv(name, raising=False)
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    apply()
    yield apply
    get_settings.cache_clear()


def tools_called(run: dict[str, Any]) -> list[tuple[str, str]]:
    """``[(name, status), …]`` of a run's answer, in order."""
    return [(c["name"], c["status"]) for step in run["steps"] for c in step["tool_calls"]]


def assert_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status
    return body
