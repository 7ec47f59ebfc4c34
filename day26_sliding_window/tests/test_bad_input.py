"""Every input-taking route answers malformed input with a 4xx problem and stores nothing.

The limit runs before validation (Day 25): a malformed request is still an attempt, and is
counted — a flood of garbage is what a limiter is for. What it never does is store data.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from day26_sliding_window.app import LessonSettings

from .conftest import assert_problem


@pytest.mark.parametrize("limit", ["0", "51", "-1", "abc", "1.5", "9" * 30])
async def test_feed_limit_is_validated(client: httpx.AsyncClient, limit: str) -> None:
    body = assert_problem(await client.get("/feed", params={"limit": limit}), 422)
    assert body["errors"][0]["loc"] == ["query", "limit"]


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 101}])
async def test_search_needs_a_sane_query(client: httpx.AsyncClient, params: dict) -> None:
    body = assert_problem(await client.get("/search", params=params), 422)
    assert body["errors"][0]["loc"] == ["query", "q"]


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"username": "ada"},
        {"username": "", "password": "x"},
        {"username": "Ada Lovelace", "password": "x"},  # outside the username pattern
        {"username": "a" * 65, "password": "x"},
        {"username": "ada", "password": "x" * 257},
        {"username": "ada", "password": "x", "remember": True},  # unknown fields: refused
        {"username": 1, "password": 2},
        [],
    ],
)
async def test_login_refuses_malformed_credentials(
    app: FastAPI, client: httpx.AsyncClient, payload: object
) -> None:
    assert_problem(await client.post("/login", json=payload), 422)
    assert len(app.state.sessions) == 0


async def test_login_refuses_broken_and_oversized_bodies(
    app: FastAPI, client: httpx.AsyncClient, redis_client: Any, redis_prefix: str
) -> None:
    json = {"Content-Type": "application/json"}
    assert_problem(await client.post("/login", content=b'{"username": ', headers=json), 422)
    huge = b'{"username": "ada", "password": "' + b"x" * 1_000_001 + b'"}'
    assert_problem(await client.post("/login", content=huge, headers=json), 413)
    assert_problem(await client.post("/login", json={"username": "ada"}), 422)
    assert len(app.state.sessions) == 0
    # Only the well-formed JSON with a missing field reached the limit and was counted:
    # FastAPI parses a body before it runs dependencies, and BodyLimit answers 413 before both.
    assert await redis_client.zcard(f"{redis_prefix}login:ip:203.0.113.7") == 1


def test_the_key_prefix_setting_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAY26_KEY_PREFIX", "bad prefix with spaces *")
    with pytest.raises(ValidationError):
        LessonSettings()
    monkeypatch.setenv("DAY26_KEY_PREFIX", "staging:day26:")
    assert LessonSettings().key_prefix == "staging:day26:"
