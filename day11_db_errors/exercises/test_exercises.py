"""Checks for the Day 11 exercises (README → Exercises). They fail until you solve them.

pytest day11_db_errors/exercises -k idempotency_key
pytest day11_db_errors/exercises -k success_threshold
pytest day11_db_errors/exercises -k stale_reads
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from pymongo.errors import AutoReconnect

from course.testing import asgi_client
from day11_db_errors.breaker import CircuitBreaker, CircuitOpen
from day11_db_errors.failures import is_outage
from day11_db_errors.guard import Timeouts
from day11_db_errors.tests.conftest import fast_app, guard_of
from day11_db_errors.tests.servers import LossyProxy, MongoProcess

QUICK = Timeouts(attempt_s=0.3, request_s=1.5, connect_s=0.5, probe_s=0.5)


@pytest.fixture
def mongo_process(tmp_path: Path) -> Iterator[MongoProcess]:
    server = MongoProcess(tmp_path / "mongo")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def lossy_proxy(mongo_process: MongoProcess) -> AsyncIterator[LossyProxy]:
    proxy = LossyProxy(mongo_process.port)
    await proxy.start()
    try:
        yield proxy
    finally:
        await proxy.stop()


async def test_idempotency_key(lossy_proxy):
    """1. POST /items with an Idempotency-Key header is safe to retry, and is retried."""
    app = fast_app(lossy_proxy.url, threshold=10, timeouts=QUICK)
    async with asgi_client(app) as http:
        key = {"Idempotency-Key": "order-7f3a"}
        first = await http.post("/items", json={"name": "pen"}, headers=key)
        assert first.status_code == 201
        replay = await http.post("/items", json={"name": "pen"}, headers=key)
        assert replay.status_code == 200 and replay.json() == first.json()
        assert len((await http.get("/items")).json()) == 1

        # The reply to the first attempt is lost: the retry finds the item the attempt made.
        lossy_proxy.lose_next_reply("insert", "update")
        r = await http.post("/items", json={"name": "cup"}, headers={"Idempotency-Key": "k-2"})
        assert r.status_code in (200, 201), r.text
        assert guard_of(app).attempts["create"] >= 4, "the keyed insert was retried"
        assert len((await http.get("/items")).json()) == 2

        # Without a key nothing changes: attempted once.
        lossy_proxy.lose_next_reply("insert")
        assert (await http.post("/items", json={"name": "mug"})).status_code == 504

        bad = await http.post("/items", json={"name": "x"}, headers={"Idempotency-Key": "k" * 65})
        assert bad.status_code == 422
        assert len((await http.get("/items")).json()) == 3


async def test_success_threshold():
    """2. CircuitBreaker(success_threshold=2): half-open closes after 2 good trials in a row."""
    now = [0.0]
    breaker = CircuitBreaker(
        failure_threshold=1,
        reset_timeout_s=5,
        success_threshold=2,
        is_failure=is_outage,
        clock=lambda: now[0],
    )

    async def down() -> None:
        raise AutoReconnect("refused")

    async def up() -> str:
        return "ok"

    with pytest.raises(AutoReconnect):
        await breaker.call(down)
    now[0] += 5
    assert await breaker.call(up) == "ok"
    assert breaker.state == "half-open", "one good trial is not enough"
    with pytest.raises(AutoReconnect):
        await breaker.call(down)
    assert breaker.state == "open", "a failed trial opens it again"
    with pytest.raises(CircuitOpen):
        await breaker.call(up)
    now[0] += 5
    assert await breaker.call(up) == "ok"
    assert await breaker.call(up) == "ok"
    assert breaker.state == "closed"


async def test_stale_reads(mongo_process):
    """3. While the database is unavailable, GET /items/{id} serves the last copy it saw."""
    app = fast_app(mongo_process.url, threshold=2, reset_s=30)
    async with asgi_client(app) as http:
        assert (
            await http.put("/items/pen", json={"name": "pen", "quantity": 4})
        ).status_code == 201
        fresh = await http.get("/items/pen")
        assert "x-served-from" not in fresh.headers

        await asyncio.to_thread(mongo_process.stop)
        for _ in range(3):  # a 503 from the database, then from the open breaker
            stale = await http.get("/items/pen")
            assert stale.status_code == 200
            assert stale.json() == fresh.json()
            assert stale.headers["x-served-from"] == "cache"
        assert (await http.get("/items/never-seen")).status_code == 503
        assert (await http.get("/ready")).status_code == 503, "readiness does not pretend"
