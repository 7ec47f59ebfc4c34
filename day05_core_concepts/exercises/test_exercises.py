"""Checks for the README's exercises. Each fails until you solve it:

pytest day05_core_concepts/exercises -k search
pytest day05_core_concepts/exercises -k not_modified
pytest day05_core_concepts/exercises -k media_type
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from day05_core_concepts.app import create_app


@pytest.fixture
async def client(client_for) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(create_app()) as client:
        yield client


# 1. search: GET /notes?q=… through all three layers --------------------------------------


async def test_search_filters_by_title_or_body(client):
    for title, body in (("Milk", ""), ("bread", "and MILK"), ("eggs", "")):
        await client.post("/notes", json={"title": title, "body": body})
    page = (await client.get("/notes", params={"q": "milk"})).json()
    assert [n["title"] for n in page["items"]] == ["Milk", "bread"]
    assert page["total"] == 2  # total counts the matches, not every note
    assert (await client.get("/notes", params={"q": "x" * 101})).status_code == 422


# 2. not_modified: conditional GET with If-None-Match → 304 ---------------------------------


async def test_not_modified_when_the_etag_still_matches(client):
    await client.post("/notes", json={"title": "milk"})
    first = await client.get("/notes/1")
    again = await client.get("/notes/1", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    await client.patch("/notes/1", json={"body": "changed"})
    fresh = await client.get("/notes/1", headers={"If-None-Match": first.headers["etag"]})
    assert fresh.status_code == 200
    assert fresh.json()["body"] == "changed"


# 3. media_type: a body that is not JSON is 415 Unsupported Media Type ---------------------


async def test_media_type_415_for_a_body_that_is_not_json(client):
    raw = b'{"title": "milk"}'
    for headers in ({"content-type": "text/plain"}, {}):
        response = await client.post("/notes", content=raw, headers=headers)
        assert response.status_code == 415, headers
    assert (await client.get("/notes")).json()["total"] == 0
    ok = await client.post("/notes", content=raw, headers={"content-type": "application/json"})
    assert ok.status_code == 201
    assert (await client.patch("/notes/1", content=raw, headers={})).status_code == 415
