"""Fixtures for Day 18: the app on a per-test database with a cheap, counting hasher."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from day18_passwords.app import create_app
from day18_passwords.tests.helpers import CountingHasher


@pytest.fixture
def hasher() -> Iterator[CountingHasher]:
    hasher = CountingHasher()
    yield hasher
    hasher.close()


@pytest.fixture
def app(mongo_db: Any, hasher: CountingHasher) -> FastAPI:
    return create_app(mongo_db, hasher=hasher)


@pytest.fixture
async def client(app: FastAPI, client_for: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client
