from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from course.testing import asgi_client
from course.testing import assert_problem as assert_problem
from day31_agent_debugging.app import create_app
from day31_agent_debugging.support import Desk
from shared.llm import LLM

RECORDED = Path(__file__).parent / "recorded"
#: short enough to keep the tests fast, long enough for any tool that does not hang
TOOL_TIMEOUT_S = 0.2


# `llm` (the offline model, every request recorded) and `llm_calls` come from
# course/fixtures_backends.py.


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


async def run(client: httpx.AsyncClient, task: str, **extra: Any) -> tuple[dict, dict]:
    """POST /runs, then GET its trace: ``(answer, trace)``."""
    r = await client.post("/runs", json={"task": task, **extra})
    assert r.status_code == 200, r.text
    out = r.json()
    return out, (await client.get(out["trace"])).json()


def spans(trace: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [s for s in trace["spans"] if s["kind"] == kind]
