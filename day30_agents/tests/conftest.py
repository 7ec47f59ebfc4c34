from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from course.testing import asgi_client
from course.testing import assert_problem as assert_problem
from day30_agents.app import create_app
from day30_agents.bookshop import Shelf
from shared.llm import LLM

PRICE_TASK = (
    "What is the total price of 3 copies of the cheapest book by Ursula Le Guin including 8% tax?"
)


# `llm` (the offline model, every request recorded) and `llm_calls` come from
# course/fixtures_backends.py.


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


def tools_called(run: dict[str, Any]) -> list[tuple[str, str]]:
    """``[(name, status), …]`` of a run's answer, in order."""
    return [(c["name"], c["status"]) for step in run["steps"] for c in step["tool_calls"]]
