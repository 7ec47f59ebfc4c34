"""Fixtures for Day 05: a fresh notes app (its own empty store) per test, and a client for it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from day05_core_concepts.app import create_app
from day05_core_concepts.tests.helpers import BODY_LIMIT
from shared.settings import Settings


@pytest.fixture
def app() -> FastAPI:
    return create_app(Settings(max_body_bytes=BODY_LIMIT))


@pytest.fixture
async def client(app: FastAPI, client_for: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client
