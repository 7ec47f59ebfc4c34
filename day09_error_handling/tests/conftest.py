from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from course import testing
from course.testing import asgi_client
from day09_error_handling.app import create_app
from shared.settings import get_settings


@pytest.fixture
def app() -> FastAPI:
    return create_app()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as c:
        yield c


def use_environment(monkeypatch: pytest.MonkeyPatch, name: str) -> Iterator[None]:
    monkeypatch.setenv("ENVIRONMENT", name)
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from use_environment(monkeypatch, "production")


@pytest.fixture
def development(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield from use_environment(monkeypatch, "development")


def assert_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    """The one error format, in full: every RFC 9457 member, the request id, the request's path."""
    return testing.assert_problem(r, status, members=True, instance=True)
