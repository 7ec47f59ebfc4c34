"""Every input-taking route answers malformed input with a 4xx problem and writes nothing."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from day25_rate_limiter.uploads import MAX_UPLOAD_BYTES

from .conftest import assert_problem

ALICE = {"X-API-Key": "alice-key"}


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 101}])
async def test_search_needs_a_sane_query(client: httpx.AsyncClient, params: dict) -> None:
    body = assert_problem(await client.get("/search", params=params), 422)
    assert body["errors"][0]["loc"] == ["query", "q"]


@pytest.mark.parametrize("item_id", ["abc", "0", "-3", "99999999999", "1.5"])
async def test_item_ids_are_validated(client: httpx.AsyncClient, item_id: str) -> None:
    assert_problem(await client.get(f"/items/{item_id}"), 422)


async def test_upload_without_a_valid_key_is_401_and_spends_nothing(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    for headers in ({}, {"X-API-Key": "nope"}, {"X-API-Key": "k" * 10_000}):
        r = await client.post("/upload", params={"name": "a"}, content=b"data", headers=headers)
        assert_problem(r, 401)
        assert r.headers["WWW-Authenticate"] == 'APIKey header="X-API-Key"'
    assert list(app.state.uploads) == []
    assert len(app.state.limits.uploads.limiter) == 0  # not even a bucket was created


async def test_oversized_and_empty_uploads_are_refused_before_they_cost(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    too_big = b"x" * (MAX_UPLOAD_BYTES + 1)
    r = await client.post("/upload", params={"name": "a"}, content=too_big, headers=ALICE)
    assert_problem(r, 413)

    async def chunks():  # no Content-Length: the size is only known once read
        for _ in range(MAX_UPLOAD_BYTES // 1000 + 1):
            yield b"x" * 1000

    r = await client.post("/upload", params={"name": "a"}, content=chunks(), headers=ALICE)
    assert_problem(r, 413)
    r = await client.post("/upload", params={"name": "a"}, content=b"", headers=ALICE)
    assert "empty" in assert_problem(r, 422)["detail"]
    assert list(app.state.uploads) == []
    # None of them spent a byte of alice's bucket.
    r = await client.post("/upload", params={"name": "a"}, content=b"x" * 2048, headers=ALICE)
    assert r.headers["RateLimit-Remaining"] == str(65536 - 2048)


@pytest.mark.parametrize("name", ["", "../etc/passwd", ".hidden", "a" * 65, "sp ace"])
async def test_upload_names_are_validated(
    app: FastAPI, client: httpx.AsyncClient, name: str
) -> None:
    r = await client.post("/upload", params={"name": name}, content=b"data", headers=ALICE)
    assert_problem(r, 422)
    assert list(app.state.uploads) == []


async def test_a_small_upload_costs_at_least_one_kib(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    r = await client.post("/upload", params={"name": "tiny.txt"}, content=b"hi", headers=ALICE)
    assert r.status_code == 201
    assert r.json()["bytes"] == 2 and r.json()["cost"] == 1024
    assert r.headers["RateLimit-Remaining"] == str(65536 - 1024)
    assert [u.name for u in app.state.uploads] == ["tiny.txt"]


@pytest.mark.parametrize(
    "payload",
    [{}, {"task": "mine-bitcoin"}, {"task": "resize", "priority": 9}, {"task": 1}, []],
)
async def test_jobs_need_a_known_task_and_nothing_else(
    app: FastAPI, client: httpx.AsyncClient, payload: object
) -> None:
    assert_problem(await client.post("/jobs", json=payload), 422)
    assert list(app.state.jobs) == []


async def test_jobs_refuse_broken_json_and_unknown_keys(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    r = await client.post(
        "/jobs", content=b'{"task": ', headers={"Content-Type": "application/json"}
    )
    assert_problem(r, 422)
    assert_problem(
        await client.post("/jobs", json={"task": "email"}, headers={"X-API-Key": "x"}), 401
    )
    assert list(app.state.jobs) == []
