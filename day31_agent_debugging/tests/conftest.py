from __future__ import annotations

import contextlib
import functools
import json
import ssl
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from openai import AsyncOpenAI, DefaultAsyncHttpxClient

from course.testing import asgi_client
from day31_agent_debugging.app import create_app
from day31_agent_debugging.support import Desk
from shared.llm import LLM, OFFLINE_API_KEY
from shared.offline_llm import MODEL_ID
from shared.settings import get_settings

LLM_VARS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LLM_MODEL", "LLM_TIMEOUT_S", "LLM_MAX_RETRIES")
RECORDED = Path(__file__).parent / "recorded"
#: short enough to keep the tests fast, long enough for any tool that does not hang
TOOL_TIMEOUT_S = 0.2


@functools.cache
def tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def calls(sent: list[httpx.Request]) -> Callable[[], list[dict[str, Any]]]:
    """``calls()``: the bodies of the chat-completion requests sent so far."""

    def bodies() -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in sent if r.url.path.endswith("/chat/completions")]

    return bodies


@pytest.fixture
async def llm(offline_llm: str, sent: list[httpx.Request]) -> AsyncIterator[LLM]:
    """The offline model through the real SDK, every request recorded."""

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
def desk() -> Desk:
    return Desk.sample()


@pytest.fixture
def app(llm: LLM, desk: Desk) -> FastAPI:
    return create_app(
        llm=lambda: contextlib.nullcontext(llm), desk=desk, tool_timeout_s=TOOL_TIMEOUT_S
    )


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as c:
        yield c


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[Callable[..., None]]:
    """``env(OPENAI_API_KEY=...)``: the model settings for this test, none inherited."""
    monkeypatch.chdir(tmp_path)

    def apply(**values: str) -> None:
        for name in LLM_VARS:
            monkeypatch.delenv(name, raising=False)
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    apply()
    yield apply
    get_settings.cache_clear()


async def run(client: httpx.AsyncClient, task: str, **extra: Any) -> tuple[dict, dict]:
    """POST /runs, then GET its trace: ``(answer, trace)``."""
    r = await client.post("/runs", json={"task": task, **extra})
    assert r.status_code == 200, r.text
    out = r.json()
    return out, (await client.get(out["trace"])).json()


def spans(trace: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [s for s in trace["spans"] if s["kind"] == kind]


def assert_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status
    return body
