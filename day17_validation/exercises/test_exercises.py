"""Checks for the Day 17 exercises (README → Exercises). They fail until you solve them.

pytest day17_validation/exercises -k mixed_script
pytest day17_validation/exercises -k emphasis
pytest day17_validation/exercises -k duplicate_keys
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest_asyncio

from day17_validation.app import create_app
from shared.dbwatch import HEADER

EVE = {
    "username": "eve",
    "email": "eve@example.org",
    "password": "correct horse",
    "display_name": "Eve",
}
JSON = {"content-type": "application/json"}


@pytest_asyncio.fixture
async def client(mongo_db: Any, client_for: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(create_app(mongo_db)) as c:
        yield c


def assert_422(r: httpx.Response) -> None:
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"


async def test_mixed_script(client: httpx.AsyncClient, mongo_db: Any) -> None:
    """1. Display names that mix Latin, Cyrillic and Greek letters are refused (UTS #39)."""
    for name in ("P\u0430ypal", "\u0391da", "Ad\u0430 Lovelace"):  # Cyrillic а, Greek Α
        assert_422(await client.post("/pages/welcome/comments", json={"name": name, "text": "hi"}))
    assert await mongo_db.comments.count_documents({}) == 0
    # One script (with digits, spaces and punctuation, which belong to none) is fine.
    for name in ("Ada Lovelace", "Ада Лавлейс", "Ἀριστοτέλης", "José Ñúñez-2"):
        r = await client.post("/pages/welcome/comments", json={"name": name, "text": "hi"})
        assert r.status_code == 201, (name, r.text)
    r = await client.post("/signup", json={**EVE, "display_name": "Ev\u0435"})
    assert_422(r)  # the same rule on sign-up


async def test_emphasis(client: httpx.AsyncClient) -> None:
    """2. *word* renders as <strong>word</strong> in the HTML view — markup added after escaping."""
    texts = ["I *really* mean <it>", "*<script>alert(1)</script>*", "a lone * star", "2 * 3 * 4"]
    for text in texts:
        r = await client.post("/pages/welcome/comments", json={"name": "Ada", "text": text})
        assert r.status_code == 201
    page = (await client.get("/pages/welcome")).text
    assert "I <strong>really</strong> mean &lt;it&gt;" in page
    assert "<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>" in page
    assert "a lone * star" in page
    assert "<script" not in page
    # The stored text and the JSON stay exactly as written.
    listed = {c["text"] for c in (await client.get("/pages/welcome/comments")).json()}
    assert listed == set(texts)


async def test_duplicate_keys(client: httpx.AsyncClient, mongo_db: Any) -> None:
    """3. A JSON object with the same key twice is a 422: parsers disagree on which one wins."""
    await client.post("/signup", json=EVE)
    twice = b'{"username": "eve", "username": "admin", "password": "correct horse"}'
    r = await client.post("/login", content=twice, headers=JSON)
    assert_422(r)
    assert "json_duplicate_key" in {e["type"] for e in r.json()["errors"]}
    assert r.headers[HEADER] == "none"
    nested = b'{"name": "Ada", "text": "hi", "tags": [], "website": null, "tags": ["x"]}'
    assert_422(await client.post("/pages/welcome/comments", content=nested, headers=JSON))
    assert await mongo_db.comments.count_documents({}) == 0
    # A well-formed body still works.
    ok = await client.post("/login", json={"username": "eve", "password": "correct horse"})
    assert ok.status_code == 200
