"""A fresh app (and its own seeded library) per test, and an httpx client wired to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI

from day06_routing.app import create_app


@pytest.fixture
def app() -> FastAPI:
    return create_app()


@pytest.fixture
async def client(app: FastAPI, client_for) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as c:
        yield c


@pytest.fixture
def counts(client: httpx.AsyncClient) -> Callable[[], Awaitable[tuple[int, int, int]]]:
    """``await counts()``: how many authors, books and reviews the API reports, so a test can
    prove a rejected request wrote nothing — asked through the API, not read from the store."""

    async def count() -> tuple[int, int, int]:
        authors = (await client.get("/authors")).json()["total"]
        books = (await client.get("/books", params={"limit": 50})).json()
        reviews = 0
        for book in books["items"]:
            reviews += (await client.get(f"/books/{book['id']}/reviews")).json()["total"]
        return authors, books["total"], reviews

    return count
