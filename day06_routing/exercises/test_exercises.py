"""Checks for the README's exercises. Each fails until you solve it:

pytest day06_routing/exercises -k sort
pytest day06_routing/exercises -k patch
pytest day06_routing/exercises -k v0_book
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from day06_routing.app import create_app


@pytest.fixture
async def client(client_for) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(create_app()) as c:
        yield c


async def titles(client: httpx.AsyncClient, **params: object) -> list[str]:
    answer = await client.get("/books", params=params)
    assert answer.status_code == 200, answer.text
    return [b["title"] for b in answer.json()["items"]]


# 1. sort ------------------------------------------------------------------------------------


async def test_sort_by_title_and_year(client) -> None:
    assert await titles(client, sort="title") == sorted(await titles(client))
    years = [
        b["year"] for b in (await client.get("/books", params={"sort": "-year"})).json()["items"]
    ]
    assert years == sorted(years, reverse=True)
    years = [
        b["year"] for b in (await client.get("/books", params={"sort": "year"})).json()["items"]
    ]
    assert years == sorted(years)


async def test_sort_is_applied_before_paging(client) -> None:
    assert await titles(client, sort="-year", limit=1) == ["SPQR"]


async def test_sort_rejects_unknown_keys(client) -> None:
    for bad in ("price", "supplier_cost_cents", ""):
        answer = await client.get("/books", params={"sort": bad})
        assert answer.status_code == 422
        assert answer.json()["detail"][0]["loc"] == ["query", "sort"]


# 2. patch -----------------------------------------------------------------------------------


async def test_patch_changes_only_the_fields_sent(client) -> None:
    before = (await client.get("/books/1")).json()
    answer = await client.patch("/books/1", json={"price_cents": 1})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {**before, "price_cents": 1}
    assert (await client.get("/books/1")).json() == {**before, "price_cents": 1}


async def test_patch_validates_like_create_and_writes_nothing_on_error(client) -> None:
    before = (await client.get("/books/1")).json()
    for bad in ({"year": 3000}, {"title": ""}, {"genre": "cooking"}, {"id": 7}, {"titel": "x"}):
        assert (await client.patch("/books/1", json=bad)).status_code == 422
    assert (await client.get("/books/1")).json() == before


async def test_patch_unknown_book_is_404_and_cost_stays_hidden(client) -> None:
    assert (await client.patch("/books/999", json={"price_cents": 1})).status_code == 404
    answer = await client.patch("/books/1", json={"supplier_cost_cents": 5})
    assert answer.status_code == 200
    assert "supplier_cost_cents" not in answer.json()


# 3. v0_book ---------------------------------------------------------------------------------


async def test_v0_book_by_id(client) -> None:
    answer = await client.get("/v0/books/3")
    assert answer.status_code == 200
    assert answer.json() == {"id": 3, "name": "Cosmos", "author": "Carl Sagan"}


async def test_v0_book_unknown_is_404_and_documented_under_v0(client) -> None:
    assert (await client.get("/v0/books/999")).status_code == 404
    assert (await client.get("/v0/books/abc")).status_code == 422
    assert "/books/{book_id}" in (await client.get("/v0/openapi.json")).json()["paths"]
