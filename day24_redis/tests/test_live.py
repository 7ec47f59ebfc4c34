"""The lesson behind a real uvicorn: real sockets, the lifespan's subscriber task, real Redis."""

from __future__ import annotations

import time

import httpx

from day24_redis.app import create_app


def test_real_server_caches_publishes_and_ranks(
    live_app, redis_url, redis_client, redis_prefix, use_redis
) -> None:  # type: ignore[no-untyped-def]
    use_redis(redis_url)
    url = live_app(create_app(prefix=redis_prefix))
    with httpx.Client(base_url=url, timeout=5) as http:
        assert http.get("/ready").json()["status"] == "ready"
        assert http.get("/products/1").json()["cache"] == "miss"
        assert http.get("/products/1").json()["cache"] == "hit"

        assert http.post("/pubsub/news", json={"message": "live"}).json() == {"receivers": 1}
        deadline = time.monotonic() + 3
        while not http.get("/pubsub/received").json()["messages"]:
            assert time.monotonic() < deadline, "the subscriber task never heard the message"
            time.sleep(0.01)
        assert http.get("/pubsub/received").json()["messages"][0]["message"] == "live"

        http.put("/leaderboards/live/players/ada", json={"score": 3})
        http.post("/leaderboards/live/players/bob/points", json={"points": 5})
        assert [row["player"] for row in http.get("/leaderboards/live").json()] == ["bob", "ada"]

        bad = http.put("/leaderboards/live/players/ada", json={"score": "high"})
        assert bad.status_code == 422
        assert bad.headers["content-type"] == "application/problem+json"
