"""A real database server goes away — closed port, stopped, frozen — and comes back.

Every request here has a hang guard: the request's budget plus PyMongo's 0.5 s server re-check
step plus a wide margin. It proves "never hangs", not "is fast"; speed is not asserted.
"""

from __future__ import annotations

import asyncio

import pytest
from httpx import ASGITransport, AsyncClient

from course.net import free_port
from course.testing import asgi_client
from day11_db_errors.guard import Timeouts
from day11_db_errors.retries import RetryPolicy

from .conftest import HANG_GUARD_S, assert_problem, fast_app, guard_of, poll, timed

UNAVAILABLE = {"/problems/database-unavailable", "/problems/circuit-open"}


async def test_a_closed_port_answers_503_then_the_open_breaker_answers_without_trying():
    app = fast_app(
        f"mongodb://127.0.0.1:{free_port()}/?directConnection=true", threshold=2, reset_s=60
    )
    guard = guard_of(app)
    # The lifespan needs no database to start, and its start-up probe (busy failing against
    # the closed port) must not hang the shutdown either.
    async with asgi_client(app) as http:
        assert (await http.get("/health")).status_code == 200

        r, took = await timed(http.get("/items/pen"))
        assert assert_problem(r, 503)["type"] in UNAVAILABLE
        assert took < HANG_GUARD_S

        async def breaker_open() -> bool:
            r = await http.get("/items")
            return r.json()["type"] == "/problems/circuit-open"

        await poll(breaker_open)
        tried = sum(guard.attempts.values())
        for _ in range(20):
            r = await http.get("/items/pen")
            body = assert_problem(r, 503, "/problems/circuit-open")
            assert int(r.headers["retry-after"]) >= 59 and body["retry_after_s"] > 59
        assert sum(guard.attempts.values()) == tried, "an open breaker never touches the database"

        ready = assert_problem(await http.get("/ready"), 503, "/problems/not-ready")
        assert ready["breaker"]["state"] == "open"
        assert ready["database"]["reachable"] is None  # not even pinged: the breaker said no


async def test_stopped_and_restarted_server_breaker_opens_and_closes_ready_flips(mongo_process):
    await asyncio.to_thread(mongo_process.start)
    app = fast_app(mongo_process.url, threshold=2, reset_s=0.1)
    async with asgi_client(app) as http:
        assert (
            await http.put("/items/pen", json={"name": "pen", "quantity": 2})
        ).status_code == 201
        ready = (await http.get("/ready")).json()
        assert ready["status"] == "ready" and ready["breaker"]["state"] == "closed"

        await asyncio.to_thread(mongo_process.stop)
        r, took = await timed(http.get("/items/pen"))
        assert assert_problem(r, 503)["type"] in UNAVAILABLE
        assert took < HANG_GUARD_S
        assert guard_of(app).attempts["get"] == 2, "retried, until the breaker opened"

        async def not_ready_and_open() -> bool:
            body = (await http.get("/ready")).json()
            return body["status"] == 503 and body["breaker"]["state"] == "open"

        await poll(not_ready_and_open)

        await asyncio.to_thread(mongo_process.start)  # same port, same data folder

        async def ready_again() -> bool:
            return (await http.get("/ready")).status_code == 200

        await poll(ready_again)
        ready = (await http.get("/ready")).json()
        assert ready["breaker"]["state"] == "closed" and ready["breaker"]["times_opened"] >= 1
        r = await http.get("/items/pen")
        assert r.status_code == 200 and r.json()["quantity"] == 2  # the data survived


async def test_a_retry_recovers_a_read_when_the_server_returns_during_the_backoff(mongo_process):
    async def restart_while_waiting(seconds: float) -> None:
        if mongo_process.proc is None:
            await asyncio.to_thread(mongo_process.start)
        await asyncio.sleep(seconds)

    await asyncio.to_thread(mongo_process.start)
    retry = RetryPolicy(
        attempts=5, first_backoff_s=0.05, max_backoff_s=0.2, sleep=restart_while_waiting
    )
    # A budget that fits a failed attempt, the restart and PyMongo finding the server again.
    timeouts = Timeouts(attempt_s=0.5, request_s=4.0, connect_s=0.5, probe_s=0.5)
    app = fast_app(mongo_process.url, threshold=10, retry=retry, timeouts=timeouts)
    async with asgi_client(app) as http:
        assert (await http.put("/items/pen", json={"name": "pen"})).status_code == 201
        await asyncio.to_thread(mongo_process.stop)

        r = await http.get("/items/pen")
        assert r.status_code == 200, r.text
        assert mongo_process.starts == 2, "the server came back during the wait"
        assert guard_of(app).attempts["get"] >= 2, "the first attempt failed, a retry succeeded"


async def test_a_frozen_server_answers_504_within_the_budget_and_health_stays_up(mongo_process):
    await asyncio.to_thread(mongo_process.start)
    timeouts = Timeouts(attempt_s=0.25, request_s=0.6, connect_s=0.5, probe_s=0.3)
    app = fast_app(mongo_process.url, threshold=10, timeouts=timeouts)
    guard = guard_of(app)
    async with asgi_client(app) as http:
        assert (await http.put("/items/pen", json={"name": "pen"})).status_code == 201
        mongo_process.freeze()  # the port stays open; nothing answers

        # /health never asks the database, so a hung database cannot hang it.
        r, took = await timed(http.get("/health"))
        assert r.status_code == 200 and took < 1.0

        reads, post = await asyncio.gather(
            asyncio.gather(*(timed(http.get("/items/pen")) for _ in range(3))),
            timed(http.post("/items", json={"name": "cup"})),
        )
        for r, took in [*reads, post]:
            assert_problem(r, 504, "/problems/database-timeout")
            assert took < timeouts.request_s + 0.5 + 3.0
        assert guard.attempts["create"] == 1
        # More than one attempt per read: each attempt has its own deadline, so the first one
        # cannot spend the whole budget.
        assert guard.attempts["get"] >= 3 * 2


@pytest.mark.parametrize("path", ["/items", "/items/pen"])
async def test_a_request_without_the_lifespan_says_503_not_500(path):
    app = fast_app("mongodb://127.0.0.1:9/?directConnection=true")
    # No lifespan entered: the database was never opened.
    async with AsyncClient(transport=ASGITransport(app), base_url="http://t") as http:
        assert_problem(await http.get(path), 503, "/problems/database-unavailable")
