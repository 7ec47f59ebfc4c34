"""A real uvicorn whose database comes up late: it starts, says 503, then serves by itself."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import httpx

from .conftest import HANG_GUARD_S, fast_app


def wait_until(check: Callable[[], bool], deadline_s: float = 10.0) -> None:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < deadline_s, "not true within the deadline"
        time.sleep(0.02)


def test_late_database_start_over_a_real_server(live_app, mongo_process, caplog):
    caplog.set_level(logging.INFO, logger="course.day11")
    # Nothing listens on the database port yet: the lifespan must still start the app.
    url = live_app(fast_app(mongo_process.url, threshold=2, reset_s=0.2))
    with httpx.Client(base_url=url, timeout=10) as http:
        assert http.get("/health").json() == {"status": "ok", "day": 11}

        started = time.perf_counter()
        r = http.get("/ready")
        assert time.perf_counter() - started < HANG_GUARD_S
        assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
        assert r.headers["retry-after"] == "1"
        assert r.json()["type"] == "/problems/not-ready"

        started = time.perf_counter()
        r = http.get("/items")
        assert time.perf_counter() - started < HANG_GUARD_S
        assert r.status_code == 503 and "retry-after" in r.headers
        wait_until(lambda: "is not reachable yet" in caplog.text)

        mongo_process.start()
        wait_until(lambda: http.get("/ready").status_code == 200)
        assert http.put("/items/pen", json={"name": "pen"}).status_code == 201
        assert http.get("/items/pen").json() == {"id": "pen", "name": "pen", "quantity": 0}
        wait_until(lambda: "answered" in caplog.text)
