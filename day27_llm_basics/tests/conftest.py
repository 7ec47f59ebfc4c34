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
from day27_llm_basics.app import create_app
from shared.llm import LLM, OFFLINE_API_KEY
from shared.offline_llm import MODEL_ID
from shared.settings import get_settings

LLM_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_MODEL", "LLM_TIMEOUT_S", "LLM_MAX_RETRIES")


@functools.cache
def tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


def sdk_client(base_url: str, requests: list[httpx.Request] | None = None) -> AsyncOpenAI:
    """An AsyncOpenAI for ``base_url`` that records every request it sends (no retries)."""

    async def record(request: httpx.Request) -> None:
        if requests is not None:
            requests.append(request)

    http = DefaultAsyncHttpxClient(verify=tls_context(), event_hooks={"request": [record]})
    return AsyncOpenAI(
        base_url=base_url, api_key=OFFLINE_API_KEY, max_retries=0, timeout=10, http_client=http
    )


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
    client = sdk_client(offline_llm, sent)
    try:
        yield LLM(client, MODEL_ID, offline=True, base_url=offline_llm)
    finally:
        await client.close()


@pytest.fixture
def app(llm: LLM) -> FastAPI:
    return create_app(llm=lambda: contextlib.nullcontext(llm))


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


def parse_sse(text: str) -> list[tuple[str, str]]:
    """``(event, data)`` for each event of a ``text/event-stream`` body (event "message" if unnamed)."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if not block.strip():
            continue
        event, data = "message", []
        for line in block.split("\n"):
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "event":
                event = value
            elif field == "data":
                data.append(value)
        events.append((event, "\n".join(data)))
    return events


def assert_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status
    return body
