from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from course.testing import asgi_client
from course.testing import assert_problem as assert_problem
from day27_llm_basics.app import create_app
from shared.llm import LLM

# `llm` (the offline model, every request recorded), `llm_calls`, `llm_env` and
# `recording_client` come from course/fixtures_backends.py.


@pytest.fixture
def app(llm: LLM) -> FastAPI:
    return create_app(llm=lambda: contextlib.nullcontext(llm))


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as c:
        yield c


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
