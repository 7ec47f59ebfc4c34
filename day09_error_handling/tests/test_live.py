"""The lesson behind a real uvicorn: the background job runs after the response left."""

from __future__ import annotations

import time

import httpx

from day09_error_handling.app import create_app


def test_real_server_answers_problems_and_records_late_failures(live_app):
    url = live_app(create_app())
    with httpx.Client(base_url=url, timeout=5) as http:
        missing = http.get("/accounts/99")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        assert missing.json()["request_id"] == missing.headers["x-request-id"]

        r = http.post(
            "/transfers",
            json={"from_account": 1, "to_account": 3, "amount": 1},
            headers={"X-Request-ID": "live-transfer"},
        )
        assert r.status_code == 201

        # Over a real socket the receipt job may still be running: poll, with a deadline.
        deadline = time.monotonic() + 5
        failed: list[dict] = []
        while not failed and time.monotonic() < deadline:
            failed = http.get("/jobs/failed").json()
            time.sleep(0.01)
        assert [j["request_id"] for j in failed] == ["live-transfer"]
