"""Day 33's fixtures: nodes (in this process, or as real processes) on the session's real Redis.

Every test gets its own pub/sub ``channel``, so tests — and test runs sharing a ``REDIS_URL``
— never hear each other's broadcasts.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from day33_websocket_scaling.app import create_app
from day33_websocket_scaling.nodes import Node, cluster
from day33_websocket_scaling.reconnect import Member
from shared.settings import get_settings

#: how long a test waits for something that must happen (polled, never slept)
WAIT_S = 5.0


async def until(condition: Callable[[], bool], what: str, deadline_s: float = WAIT_S) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``deadline_s``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > deadline_s:
            pytest.fail(f"not within {deadline_s} s: {what}")
        await asyncio.sleep(0.01)


async def cluster_info(url: str) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=3) as http:
        r = await http.get(f"{url}/cluster")
        r.raise_for_status()
        return r.json()


async def wait_subscribed(urls: list[str], count: int) -> None:
    """Until the channel has ``count`` subscribers: a node still subscribing misses broadcasts."""
    started = time.monotonic()
    for url in urls:
        while (await cluster_info(url))["redis"]["subscribers"] < count:
            assert time.monotonic() - started < WAIT_S, f"{url} never saw {count} subscribers"
            await asyncio.sleep(0.01)


@pytest.fixture
def channel() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def start_node(live_app, redis_url: str, channel: str) -> Callable[..., str]:  # type: ignore[no-untyped-def]
    """``url = start_node(node_id="a")``: a node under a real uvicorn in this process."""

    def start(**kwargs: Any) -> str:
        kwargs.setdefault("redis_url", redis_url)
        kwargs.setdefault("channel", channel)
        return live_app(create_app(**kwargs))

    return start


@pytest.fixture
async def member() -> AsyncIterator[Callable[..., Member]]:
    """``m = member()``: a reconnecting client with fast retries, disconnected after the test."""
    made: list[Member] = []

    def new(**kwargs: Any) -> Member:
        kwargs.setdefault("reconnection_delay", 0.05)
        kwargs.setdefault("reconnection_delay_max", 0.2)
        kwargs.setdefault("randomization_factor", 0.0)
        m = Member(**kwargs)
        made.append(m)
        return m

    yield new
    # disconnect() also stops a reconnect loop that is still trying.
    await asyncio.gather(*(m.disconnect() for m in made), return_exceptions=True)


@pytest.fixture
def two_processes(redis_url: str, channel: str) -> Iterator[list[Node]]:
    """Two real lesson processes on the session's Redis, subscribed to this test's channel."""
    with cluster(2, redis_url=redis_url, channel=channel) as nodes:
        yield nodes


@pytest.fixture
def use_redis(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """``use_redis(url)``: ``REDIS_URL`` for code that reads the course settings (demo, bench)."""

    def point(url: str) -> None:
        monkeypatch.setenv("REDIS_URL", url)
        get_settings.cache_clear()

    yield point
    get_settings.cache_clear()  # the next test reads the environment afresh
