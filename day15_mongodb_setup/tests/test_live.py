"""The lesson as a learner runs it: a real uvicorn, and the real process with its banner."""

from __future__ import annotations

import uuid

import httpx

from day15_mongodb_setup.app import create_app


def test_crud_over_a_real_socket(live_app):
    # The app's own lifespan: embedded nx-27017, or MONGODB_URL when it is set.
    url = live_app(create_app())
    sku = f"LIVE-{uuid.uuid4().hex[:8].upper()}"  # a real MongoDB keeps data between runs
    product = {"sku": sku, "name": "Live", "category": "live-test", "price_cents": 1}
    with httpx.Client(base_url=url, timeout=10) as http:
        assert http.get("/ready").json()["status"] == "ready"
        created = http.post("/products", json=product)
        assert created.status_code == 201
        location = created.headers["location"]
        assert http.get(location).json()["sku"] == sku
        assert http.post("/products", json=product).status_code == 409
        assert http.patch(location, json={"stock": 7}).json()["stock"] == 7
        assert http.delete(location).status_code == 204
        missing = http.get(location)
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        assert missing.json()["request_id"] == missing.headers["x-request-id"]


def test_the_banner_says_which_mongodb(lesson_process):
    proc = lesson_process("day15_mongodb_setup")
    assert httpx.get(f"{proc.url}/ready", timeout=5).status_code == 200
    # The banner is printed before the server starts, so it is already in the pipe.
    first_lines = [proc.proc.stdout.readline() for _ in range(6)]
    banner = next(line for line in first_lines if line.lstrip().startswith("backend"))
    assert "mongo: " in banner and "MONGODB_URL" in banner
    assert ("embedded nx-27017" in banner) or ("MongoDB at" in banner)
