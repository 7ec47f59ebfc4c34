"""The lesson behind a real uvicorn, its Redis opened by the lifespan from REDIS_URL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from day26_sliding_window.app import create_app
from shared.settings import get_settings


@pytest.fixture
def configured(
    monkeypatch: pytest.MonkeyPatch, redis_url: str, redis_prefix: str
) -> Iterator[None]:
    """``REDIS_URL`` and the key prefix as a learner would set them, read fresh."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("DAY26_KEY_PREFIX", redis_prefix)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def test_real_server_on_the_configured_redis(
    configured: None, live_app: Any, redis_client: Any, redis_prefix: str
) -> None:
    url = live_app(create_app())
    async with httpx.AsyncClient(base_url=url, timeout=5) as http:
        r = await http.get("/feed", params={"limit": 1})
        assert r.status_code == 200 and r.json() == [
            {"id": 1, "title": "Post 1: notes on distributed rate limiting"}
        ]
        assert r.headers["RateLimit-Remaining"] == "19"
        ada = {"username": "ada", "password": "correct horse battery staple"}
        statuses = [(await http.post("/login", json=ada)).status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
    # The counts are on the configured server, under the configured prefix, keyed by the
    # socket's peer address as uvicorn saw it.
    login = f"{redis_prefix}login:ip:127.0.0.1"
    assert await redis_client.zcard(login) == 5
    assert 0 < await redis_client.pttl(login) <= 60_000
    assert await redis_client.zcard(f"{redis_prefix}feed:ip:127.0.0.1") in (0, 1)
