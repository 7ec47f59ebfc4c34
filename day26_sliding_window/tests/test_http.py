"""The routes through HTTP: Day 25's dependency answers for the Redis strategies unchanged."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from day26_sliding_window.app import create_app
from shared.ratelimit import ManualClock

from .conftest import QUOTA_EXCEEDED, assert_problem

ADA = {"username": "ada", "password": "correct horse battery staple"}


async def test_the_feed_answers_429_past_20_in_a_second(
    redis_client: Any, redis_prefix: str, connect: Any
) -> None:
    clock = ManualClock(1_000.0)  # a still clock: all 21 in the same instant, on any machine
    app = create_app(redis=redis_client, prefix=redis_prefix, clock=clock)
    async with connect(app) as http:
        answers = [await http.get("/feed", params={"limit": 2}) for _ in range(21)]
        assert [r.status_code for r in answers] == [200] * 20 + [429]
        ok, refused = answers[0], answers[-1]
        assert len(ok.json()) == 2
        assert ok.headers["RateLimit-Limit"] == "20"
        assert ok.headers["RateLimit-Remaining"] == "19"
        assert ok.headers["RateLimit-Policy"] == "20;w=1"
        assert ok.headers["X-Limiter-Time"] == "1000000000"
        body = assert_problem(refused, 429)
        assert body["type"] == QUOTA_EXCEEDED
        assert body["violated-policies"] == ["feed"]
        assert refused.headers["Retry-After"] == "1"
        assert refused.headers["RateLimit-Remaining"] == "0"
        clock.advance(1)  # the first 20 leave the window together
        assert (await http.get("/feed")).headers["RateLimit-Remaining"] == "19"


async def test_decisions_are_stamped_with_redis_time(
    client: httpx.AsyncClient, redis_client: Any
) -> None:
    before_s, before_us = await redis_client.time()
    r = await client.get("/feed")
    after_s, after_us = await redis_client.time()
    stamp = int(r.headers["X-Limiter-Time"])
    assert before_s * 10**6 + before_us <= stamp <= after_s * 10**6 + after_us


async def test_each_client_ip_has_its_own_log(app: FastAPI, connect: Any) -> None:
    async with connect(app, ip="198.51.100.1") as one, connect(app, ip="198.51.100.2") as two:
        for _ in range(20):
            await one.get("/feed")
        assert (await one.get("/feed")).status_code == 429
        assert (await two.get("/feed")).headers["RateLimit-Remaining"] == "19"


async def test_search_is_counted_by_the_sliding_counter(
    redis_client: Any, redis_prefix: str, connect: Any
) -> None:
    clock = ManualClock(105.0)  # halfway through the window [100, 110)
    app = create_app(redis=redis_client, prefix=redis_prefix, clock=clock)
    async with connect(app) as http:
        statuses = [
            (await http.get("/search", params={"q": "redis"})).status_code for _ in range(31)
        ]
        assert statuses == [200] * 30 + [429]
        clock.now = 115.0  # halfway through the next: the 30 count for half
        r = await http.get("/search", params={"q": "redis"})
        assert r.status_code == 200 and r.json() == [{"id": 2, "title": "Redis in Action"}]
        assert r.headers["RateLimit-Remaining"] == "14"  # 30 − 15 − 1
    assert await redis_client.hgetall(f"{redis_prefix}search:ip:203.0.113.7") == {
        "i": "11",
        "c": "1",
        "p": "30",
    }


async def test_login_counts_every_attempt_and_issues_a_token(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    wrong = {"username": "ada", "password": "guess"}
    for _ in range(4):
        assert_problem(await client.post("/login", json=wrong), 401)
    r = await client.post("/login", json=ADA)
    assert r.status_code == 200 and r.json()["user"] == "ada"
    assert r.headers["RateLimit-Remaining"] == "0"
    body = assert_problem(await client.post("/login", json=ADA), 429)
    assert body["violated-policies"] == ["login"]
    assert 55 <= int(body["retry_after"]) <= 60  # the first attempt leaves the window first
    assert len(app.state.sessions) == 1
    assert r.json()["token"] not in app.state.sessions  # only its digest is kept


async def test_limits_describe_strategy_and_failure_policy(client: httpx.AsyncClient) -> None:
    limits = {p["name"]: p for p in (await client.get("/limits")).json()}
    assert {n: (p["algorithm"], p["when_redis_is_down"]) for n, p in limits.items()} == {
        "feed": ("sliding window log", "open"),
        "search": ("sliding window counter", "open"),
        "login": ("sliding window log", "closed"),
    }
    assert (limits["login"]["limit"], limits["login"]["window_s"]) == (5, 60)
    assert not any(p["degraded"] for p in limits.values())
