"""Fixtures for Day 19: an app with test keys and a clock the test controls, and clients for it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from day19_signatures.app import create_app
from day19_signatures.tests.helpers import FakeClock, settings


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(clock: FakeClock) -> FastAPI:
    return create_app(settings(), clock=clock)


@pytest.fixture
async def client(app: FastAPI, client_for: Any) -> AsyncIterator[httpx.AsyncClient]:
    """Sends exactly what a test gives it: no signing unless the test passes ``auth=``."""
    async with client_for(app) as client:
        yield client
