"""The app: ``/blocking`` serialises concurrent requests, ``/non-blocking`` and ``/offloaded`` do not.

Proved by counting requests inside a handler at once (``in_flight``), not by timing.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from day03_event_loop.app import create_app

N = 10
MS = 20


async def fire(client: httpx.AsyncClient, endpoint: str, n: int = N) -> list[dict]:
    responses = await asyncio.gather(
        *(client.get(f"/{endpoint}", params={"ms": MS}) for _ in range(n))
    )
    assert [r.status_code for r in responses] == [200] * n
    return [r.json() for r in responses]


async def test_health(client_for) -> None:
    async with client_for(create_app()) as client:
        response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "day": 3}


async def test_blocking_handler_serialises_concurrent_requests(client_for) -> None:
    app = create_app()
    async with client_for(app) as client:
        bodies = await fire(client, "blocking")

    assert {body["in_flight"] for body in bodies} == {1}
    assert app.state.in_flight["blocking"].peak == 1
    assert app.state.in_flight["blocking"].total == N
    assert {body["thread"] for body in bodies} == {"MainThread"}


async def test_non_blocking_handler_serves_many_at_once(client_for) -> None:
    app = create_app()
    async with client_for(app) as client:
        bodies = await fire(client, "non-blocking")

    assert max(body["in_flight"] for body in bodies) > 1
    assert app.state.in_flight["non-blocking"].total == N


async def test_offloaded_handler_serves_many_at_once_on_pool_threads(client_for) -> None:
    app = create_app()
    async with client_for(app) as client:
        bodies = await fire(client, "offloaded")

    assert max(body["in_flight"] for body in bodies) > 1
    assert all(body["thread"] != "MainThread" for body in bodies)


async def test_in_flight_reports_each_endpoint(client_for) -> None:
    async with client_for(create_app()) as client:
        await client.get("/blocking", params={"ms": 0})
        response = await client.get("/in-flight")

    assert response.json()["blocking"] == {"now": 0, "peak": 1, "total": 1}
    assert response.json()["non-blocking"] == {"now": 0, "peak": 0, "total": 0}


@pytest.mark.parametrize("endpoint", ["blocking", "non-blocking", "offloaded"])
@pytest.mark.parametrize("ms", ["-1", "2001", "999999999999", "abc", "1.5", ""])
async def test_bad_ms_is_refused_before_the_handler_runs(client_for, endpoint, ms) -> None:
    app = create_app()
    async with client_for(app) as client:
        response = await client.get(f"/{endpoint}", params={"ms": ms})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "ms"]
    assert app.state.in_flight[endpoint].total == 0  # no handler ran, nothing waited


async def test_against_a_real_uvicorn(live_app) -> None:
    url = live_app(create_app())
    limits = httpx.Limits(max_connections=N, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=10) as client:
        health = await client.get("/health")
        blocking = await fire(client, "blocking")
        non_blocking = await fire(client, "non-blocking")
        offloaded = await fire(client, "offloaded")

    assert health.json() == {"status": "ok", "day": 3}
    assert max(body["in_flight"] for body in blocking) == 1
    assert max(body["in_flight"] for body in non_blocking) > 1
    assert max(body["in_flight"] for body in offloaded) > 1
