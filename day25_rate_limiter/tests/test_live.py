"""The lesson behind a real uvicorn: real sockets, real peer addresses, the same answers."""

from __future__ import annotations

import httpx

from day25_rate_limiter.app import create_app
from shared.ratelimit import ManualClock


def test_real_server_limits_and_tells_the_client_when_to_retry(live_app) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock(95.0)  # 5 s before a window boundary, whatever the machine's clock
    app = create_app(clock=clock)
    url = live_app(app)
    with httpx.Client(base_url=url, timeout=5) as http:
        statuses = []
        for _ in range(6):
            r = http.get("/search", params={"q": "systems"})
            statuses.append(r.status_code)
        assert statuses == [200] * 5 + [429]
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["Retry-After"] == "5"
        assert r.headers["RateLimit-Remaining"] == "0"
        assert r.json()["violated-policies"] == ["search"]

        # The key was the socket peer as uvicorn saw it.
        assert list(app.state.limits.search.limiter._states) == ["ip:127.0.0.1"]
        clock.advance(5)
        ok = http.get("/search", params={"q": "systems"})
        assert ok.status_code == 200 and ok.headers["RateLimit-Remaining"] == "4"

        upload = http.post(
            "/upload",
            params={"name": "n.txt"},
            content=b"x" * 5000,
            headers={"X-API-Key": "alice-key"},
        )
        assert upload.status_code == 201
        assert upload.headers["RateLimit-Remaining"] == str(65536 - 5000)


def test_real_server_with_the_real_clock_sends_the_fields(live_app) -> None:  # type: ignore[no-untyped-def]
    url = live_app(create_app())
    r = httpx.get(f"{url}/items", timeout=5)
    assert r.status_code == 200
    assert r.headers["RateLimit-Limit"] == "10"
    assert 1 <= int(r.headers["RateLimit-Reset"]) <= 60


def test_uvicorn_trusts_x_forwarded_for_from_loopback_by_default(live_app) -> None:  # type: ignore[no-untyped-def]
    """uvicorn's --proxy-headers is on, with --forwarded-allow-ips 127.0.0.1,::1: from a local
    client, a forged header *becomes* request.client. Behind no proxy, that is a bypass."""
    app = create_app(clock=ManualClock())
    url = live_app(app)
    with httpx.Client(base_url=url, timeout=5) as http:
        for i in range(6):
            forged = {"X-Forwarded-For": f"198.51.100.{i}"}
            assert http.get("/search", params={"q": "a"}, headers=forged).status_code == 200
    assert sorted(app.state.limits.search.limiter._states) == [
        f"ip:198.51.100.{i}" for i in range(6)
    ]
