"""Helpers for Day 05's tests: a look inside the repository, and a one-line note maker."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from day05_core_concepts.notes.repositories import NoteRecord

#: the test apps' body limit: above any valid note (10 000 characters), small enough to test 413
BODY_LIMIT = 64_000


async def stored(app: FastAPI) -> list[NoteRecord]:
    """Everything the repository holds, read behind the API's back: what was really written."""
    return await app.state.repository.page(limit=1_000_000, offset=0)


async def make(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    response = await client.post("/notes", json={"title": "milk", **fields})
    assert response.status_code == 201, response.text
    return response.json()
