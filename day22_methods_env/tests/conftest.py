"""Fixtures for Day 22: a clean environment per test, and the app built from it.

Settings are read once per process (``get_settings`` is cached), so a test that changes the
environment must clear that cache — and clear it again afterwards, so the next test (of any
lesson) reads the environment it really has. ``environ`` does both.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from day22_methods_env.app import create_app
from day22_methods_env.tests.helpers import VARIABLES, strong_secret
from shared.security import TEST_COST, PasswordHasher
from shared.settings import get_settings


@pytest.fixture
def environ(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """``environ(ENVIRONMENT="production", SECRET_KEY=...)``: set these (None: unset), re-read.

    Starts from an environment without any of this lesson's variables; restores everything
    (the variables, the settings cache, the course logger's level) when the test ends.
    """
    course_logger = logging.getLogger("course")
    level = course_logger.level
    for name in [*VARIABLES, *(n for n in os.environ if n.startswith("DAY22_"))]:
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()

    def set_env(**values: str | None) -> None:
        for name, value in values.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    yield set_env
    monkeypatch.undo()
    get_settings.cache_clear()
    course_logger.setLevel(level)  # create_service set it from this test's LOG_LEVEL


@pytest.fixture
def hasher() -> Iterator[PasswordHasher]:
    # About a millisecond a hash; below the OWASP floor, so for tests only (see Day 18).
    hasher = PasswordHasher(TEST_COST, allow_below_floor=True, workers=2)
    yield hasher
    hasher.close()


@pytest.fixture
def make_app(
    mongo_db: Any, hasher: PasswordHasher, environ: Callable[..., None]
) -> Callable[..., FastAPI]:
    """``make_app(ENVIRONMENT="production", SECRET_KEY=...)``: the app under that environment."""

    def make(**values: str | None) -> FastAPI:
        environ(**values)
        return create_app(mongo_db, hasher=hasher)

    return make


@pytest.fixture
def app(make_app: Callable[..., FastAPI]) -> FastAPI:
    return make_app(SECRET_KEY=strong_secret())


@pytest.fixture
async def client(app: FastAPI, client_for: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client
