"""The HTTP side: 429 problem+json with Retry-After, and RateLimit fields on every answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi import Depends, FastAPI, Request

from day25_rate_limiter import LESSON
from shared.ratelimit import (
    Decision,
    FixedWindow,
    ManualClock,
    Policy,
    TokenBucket,
    by_ip,
    rate_limit,
    ratelimit_headers,
)
from shared.service import create_service

from .conftest import QUOTA_EXCEEDED, assert_problem


async def test_success_carries_the_ratelimit_fields(client: httpx.AsyncClient) -> None:
    r = await client.get("/search", params={"q": "release"})
    assert r.status_code == 200
    assert r.json() == [{"id": 2, "title": "Release It!"}]
    assert r.headers["RateLimit-Limit"] == "5"
    assert r.headers["RateLimit-Remaining"] == "4"
    assert r.headers["RateLimit-Reset"] == "10"
    assert r.headers["RateLimit-Policy"] == "5;w=10"
    assert "Retry-After" not in r.headers
    r = await client.get("/search", params={"q": "release"})
    assert r.headers["RateLimit-Remaining"] == "3"


async def test_refusal_is_a_429_problem_with_retry_after(
    client: httpx.AsyncClient, clock: ManualClock
) -> None:
    clock.now = 7.5  # 2.5 s left in the window [0, 10)
    for _ in range(5):
        await client.get("/search", params={"q": "a"})
    r = await client.get("/search", params={"q": "a"}, headers={"X-Request-ID": "limited-1"})
    body = assert_problem(r, 429)
    assert body["type"] == QUOTA_EXCEEDED
    assert body["title"] == "Request cannot be satisfied as assigned quota has been exceeded"
    assert body["violated-policies"] == ["search"]
    assert body["request_id"] == "limited-1"
    assert "retry in 3 s" in body["detail"]
    # Whole seconds, rounded up: "retry in 2 s" would only earn another 429.
    assert r.headers["Retry-After"] == "3" and body["retry_after"] == 3
    assert r.headers["RateLimit-Limit"] == "5"
    assert r.headers["RateLimit-Remaining"] == "0"
    assert r.headers["RateLimit-Reset"] == "3"


async def test_waiting_retry_after_is_enough(client: httpx.AsyncClient, clock: ManualClock) -> None:
    for _ in range(5):
        await client.get("/search", params={"q": "a"})
    refused = await client.get("/search", params={"q": "a"})
    clock.advance(int(refused.headers["Retry-After"]))
    assert (await client.get("/search", params={"q": "a"})).status_code == 200


async def test_the_token_bucket_route_reports_bytes_and_its_retry_after(
    client: httpx.AsyncClient,
) -> None:
    headers = {"X-API-Key": "alice-key"}
    r = await client.post("/upload", params={"name": "a"}, content=b"x" * 30_000, headers=headers)
    assert r.headers["RateLimit-Limit"] == "65536"
    assert r.headers["RateLimit-Remaining"] == "35536"
    assert r.headers["RateLimit-Reset"] == "8"  # 30 000 bytes at 4096/s, rounded up
    await client.post("/upload", params={"name": "a"}, content=b"x" * 30_000, headers=headers)
    r = await client.post("/upload", params={"name": "a"}, content=b"x" * 30_000, headers=headers)
    assert_problem(r, 429)
    assert r.headers["Retry-After"] == "6"  # 30 000 - 5 536 bytes short, at 4096/s
    # Full again only in 15 s, but the draft wants a refusal's reset to match Retry-After.
    assert r.headers["RateLimit-Reset"] == "6"


def test_draft_11_names_the_policy_in_two_structured_fields() -> None:
    policy = Policy("uploads", "token bucket", 65536, 16, "content-bytes")
    fields = ratelimit_headers(Decision(True, 65536, 35536, 7.3), policy, "draft-11")
    assert fields == {
        "RateLimit-Policy": '"uploads";q=65536;w=16;qu="content-bytes"',
        "RateLimit": '"uploads";r=35536;t=8',
    }
    search = Policy("search", "fixed window", 5, 10)
    refused = ratelimit_headers(Decision(False, 5, 0, 2.5, 2.5), search, "draft-11")
    assert refused == {
        "RateLimit-Policy": '"search";q=5;w=10',
        "RateLimit": '"search";r=0;t=3',
        "Retry-After": "3",
    }


def two_limits_app(clock: ManualClock, style: str = "draft-06") -> FastAPI:
    """One route under two limits: one per IP, and one that everybody shares."""
    app = create_service(LESSON)
    per_ip = FixedWindow("per-ip", limit=10, window=10, clock=clock)
    everyone = TokenBucket("everyone", capacity=100, refill_rate=10, clock=clock)

    def sync_cost(request: Request) -> int:
        return int(request.query_params.get("cost", "1"))

    @app.get(
        "/thing",
        dependencies=[
            Depends(rate_limit(everyone, key=lambda r: "all", cost=sync_cost, headers=style)),
            Depends(rate_limit(per_ip, key=by_ip, headers=style)),
        ],
    )
    async def thing() -> dict[str, str]:
        return {"ok": "yes"}

    return app


async def test_two_limits_report_the_one_closest_to_refusing(
    clock: ManualClock, connect: Callable[..., Any]
) -> None:
    async with connect(two_limits_app(clock)) as c:
        r = await c.get("/thing")  # per-ip 9 of 10 left, everyone 99 of 100
        assert (r.headers["RateLimit-Limit"], r.headers["RateLimit-Remaining"]) == ("10", "9")
        # A sync cost function works too: this request spends 95 of the shared 100.
        r = await c.get("/thing", params={"cost": 95})  # per-ip 8 left, everyone 4
        assert (r.headers["RateLimit-Limit"], r.headers["RateLimit-Remaining"]) == ("100", "4")
        r = await c.get("/thing", params={"cost": 5})
        assert_problem(r, 429)
        assert r.json()["violated-policies"] == ["everyone"]


async def test_draft_11_lists_every_limit_on_one_response(
    clock: ManualClock, connect: Callable[..., Any]
) -> None:
    async with connect(two_limits_app(clock, "draft-11")) as c:
        r = await c.get("/thing")
    assert r.headers.get_list("RateLimit") == ['"everyone";r=99;t=1', '"per-ip";r=9;t=10']
    assert "RateLimit-Limit" not in r.headers


class NoMoreToday:
    """A limiter written from scratch, no base class: the protocol is all `rate_limit` needs."""

    policy = Policy("daily", "closed", 1, 86_400)

    async def hit(self, key: str, cost: int = 1) -> Decision:
        return Decision(False, 1, 0, 3600.2, 3600.2)


async def test_any_object_with_the_protocol_plugs_into_the_dependency(
    connect: Callable[..., Any],
) -> None:
    app = create_service(LESSON)

    @app.get("/closed", dependencies=[Depends(rate_limit(NoMoreToday()))])
    async def closed() -> dict[str, str]:
        return {}

    async with connect(app) as c:
        r = await c.get("/closed")
    assert_problem(r, 429)
    assert r.headers["Retry-After"] == "3601"
    assert r.headers["RateLimit-Policy"] == "1;w=86400"


async def test_limits_describes_every_policy(client: httpx.AsyncClient) -> None:
    r = await client.get("/limits")
    assert r.status_code == 200
    policies = {p["name"]: p for p in r.json()}
    algorithms = {
        "search": "fixed window",
        "catalog": "fixed window",
        "uploads": "token bucket",
        "jobs": "leaky bucket",
    }
    assert {name: policies[name]["algorithm"] for name in algorithms} == algorithms
    assert policies["uploads"]["unit"] == "content-bytes"
    assert policies["uploads"]["limit"] == 65536 and policies["uploads"]["window_s"] == 16
    assert policies["catalog"]["routes"] == ["GET /items", "GET /items/{item_id}"]
    assert policies["jobs"]["per"] == "user, or client IP when anonymous"
    # /limits itself is not limited.
    assert "RateLimit-Limit" not in r.headers


def test_the_429_and_its_headers_are_documented_in_openapi(app: FastAPI) -> None:
    schema = app.openapi()
    for path, method in [("/search", "get"), ("/items/{item_id}", "get"), ("/upload", "post")]:
        refusal = schema["paths"][path][method]["responses"]["429"]
        assert "application/problem+json" in refusal["content"]
        assert {"Retry-After", "RateLimit-Limit", "RateLimit-Remaining"} <= refusal[
            "headers"
        ].keys()
