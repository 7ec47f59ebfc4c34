"""The same stack behind a real uvicorn, over a real socket."""

from __future__ import annotations

import gzip
import logging
import time

import httpx

from day08_middleware.api_key import DEMO_KEY
from day08_middleware.app import create_app
from shared.middleware import COURSE_LOGGER


def test_real_server_runs_the_whole_onion(live_app, caplog):
    caplog.set_level(logging.INFO, logger=COURSE_LOGGER)
    url = live_app(create_app())
    with httpx.Client(base_url=url, timeout=5) as http:
        r = http.get("/admin/onion", headers={"X-API-Key": DEMO_KEY, "X-Request-ID": "live-1"})
        assert r.status_code == 200
        assert r.headers["x-request-id"] == "live-1"
        assert r.headers["x-layers"] == "outer>timing>inner>auth>handler<inner<timing<outer"
        assert r.headers["server-timing"].startswith("app;dur=")
        assert http.get("/admin/onion").status_code == 401

        with http.stream(
            "GET", "/report?rows=200", headers={"Accept-Encoding": "gzip", "X-Request-ID": "live-3"}
        ) as big:
            assert big.headers["content-encoding"] == "gzip"
            assert gzip.decompress(b"".join(big.iter_raw())).count(b'"id"') == 200

    # The server logs each request after the response has left, in its own thread: poll.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        ids = [
            getattr(rec, "request_id", None)
            for rec in caplog.records
            if rec.name == "course.access"
        ]
        if "live-3" in ids:
            break
        time.sleep(0.01)
    assert ids[0] == "live-1" and ids[-1] == "live-3" and len(ids) == 3
