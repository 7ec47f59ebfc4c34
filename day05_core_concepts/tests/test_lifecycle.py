"""GET /lifecycle: the request's life as the server can honestly see it, in order."""

from __future__ import annotations

import re

import httpx

from day05_core_concepts.app import create_app
from shared.settings import Settings


async def test_steps_in_the_order_a_request_lives_them(client):
    await client.post("/notes", json={"title": "milk"})
    response = await client.get("/lifecycle")
    steps = {s["step"]: s for s in response.json()}
    assert list(steps) == "dns tcp tls http routing handler repository response".split()
    # DNS happened on the client: the server says so and invents no timing for it.
    assert steps["dns"]["seen_by_server"] is False
    assert steps["dns"]["at_ms"] is None
    assert "test" in steps["dns"]["detail"]  # the Host header is all the server saw of the name
    assert "plain http" in steps["tls"]["detail"]
    assert "GET /lifecycle HTTP/1.1" in steps["http"]["detail"]
    routing = steps["routing"]["detail"]
    assert re.search(r"matched GET /lifecycle -> lifecycle\(\): route \d+ of \d+", routing)
    assert "= 1 notes" in steps["repository"]["detail"]  # it really asked the repository
    # The server-side moments only move forward.
    times = [steps[s]["at_ms"] for s in ("http", "routing", "handler", "repository", "response")]
    assert times == sorted(times)
    assert steps["repository"]["took_ms"] >= 0


async def test_every_response_carries_server_timing(client):
    for response in (await client.get("/health"), await client.get("/notes/9")):
        assert re.fullmatch(r"app;dur=\d+\.\d{3}", response.headers["server-timing"])


def test_on_a_real_server(live_app):
    """Through real sockets: keep-alive reuses one TCP connection; 413 comes back over the wire."""
    url = live_app(create_app(Settings(max_body_bytes=2_000)))

    def client_port(client: httpx.Client) -> str:
        tcp = next(s for s in client.get("/lifecycle").json() if s["step"] == "tcp")
        return re.search(r"from 127\.0\.0\.1:(\d+)", tcp["detail"]).group(1)

    with httpx.Client(base_url=url) as client:
        assert client.get("/health").json() == {"status": "ok", "day": 5}
        first, again = client_port(client), client_port(client)
        assert first == again  # one connection, two requests: the same client port
        created = client.post("/notes", json={"title": "milk"}, headers={"Idempotency-Key": "k"})
        assert created.status_code == 201
        assert created.headers["location"] == f"{url}/notes/1"
        too_big = client.post("/notes", json={"title": "milk", "body": "x" * 3_000})
        assert too_big.status_code == 413
        assert client.get("/notes").json()["total"] == 1
    with httpx.Client(base_url=url) as other:
        assert client_port(other) != first  # a new client, a new connection, a new port
