"""Checks for the Day 33 exercises (README → Exercises). They fail until you solve them.

pytest day33_websocket_scaling/exercises -k cluster_nodes
pytest day33_websocket_scaling/exercises -k skip_policy
pytest day33_websocket_scaling/exercises -k catch_up
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from day33_websocket_scaling.app import create_app
from day33_websocket_scaling.reconnect import Member
from day33_websocket_scaling.sticky import PollingSession


@pytest.fixture
def node(live_app, redis_url: str) -> Callable[..., str]:  # type: ignore[no-untyped-def]
    """``url = node("a")``: a node under uvicorn, on this test's own channel."""
    channel = f"exercise-{uuid.uuid4().hex[:12]}"

    def start(name: str, **kwargs: Any) -> str:
        return live_app(create_app(redis_url=redis_url, channel=channel, node_id=name, **kwargs))

    return start


@pytest.fixture
async def members() -> AsyncIterator[Callable[[], Member]]:
    made: list[Member] = []

    def new() -> Member:
        made.append(Member(reconnection_delay=0.05, randomization_factor=0.0))
        return made[-1]

    yield new
    await asyncio.gather(*(m.disconnect() for m in made), return_exceptions=True)


async def cluster(url: str) -> dict[str, Any]:
    async with httpx.AsyncClient() as http:
        return (await http.get(f"{url}/cluster")).json()


async def eventually(check: Callable[[], Any], what: str, deadline_s: float = 5.0) -> None:
    started = time.monotonic()
    while not await check():
        assert time.monotonic() - started < deadline_s, what
        await asyncio.sleep(0.05)


async def post(url: str, text: str) -> dict[str, Any]:
    async with httpx.AsyncClient() as http:
        r = await http.post(f"{url}/rooms/news/messages", json={"text": text})
        assert r.status_code == 202, r.text
        return r.json()


async def test_cluster_nodes(node, members) -> None:  # type: ignore[no-untyped-def]
    """1. /cluster lists every node of the cluster with its number of clients."""
    a, b = node("a"), node("b")
    for url in (a, b, b):
        await members().connect(url)

    async def listed() -> bool:
        infos = [await cluster(a), await cluster(b)]
        assert all("nodes" in info for info in infos), "/cluster has no 'nodes'"
        return all(info["nodes"] == {"a": 1, "b": 2} for info in infos)

    await eventually(listed, "both nodes should list {'a': 1, 'b': 2}")


async def test_skip_policy(node, members) -> None:  # type: ignore[no-untyped-def]
    """2. outbox_policy="skip": a slow client misses messages but stays connected."""
    url = node("a", outbox_limit=20, outbox_policy="skip")
    fast = members()
    await fast.connect(url)
    await fast.join("news")
    async with httpx.AsyncClient(timeout=3) as http:
        slow = PollingSession(http)
        await slow.open(url)
        await slow.send(url, "40")
        await slow.poll(url)
        await slow.send(url, '420["join",{"room":"news"}]')
        await slow.poll(url)
        for i in range(100):
            await post(url, f"#{i}")

        async def all_arrived() -> bool:
            return len(fast.messages) == 100

        await eventually(all_arrived, "the fast client should get all 100")
        info = await cluster(url)
        assert info["clients"] == 2, "the slow client should still be connected"
        assert info["outbox"] == {"limit": 20, "dropped": 0, "skipped": 80, "deepest": 20}
        backlog = slow.packets(await slow.poll(url))
        assert len(backlog) == 20 and "41" not in backlog


async def test_catch_up(node, members) -> None:  # type: ignore[no-untyped-def]
    """3. messages carry a per-room seq; join {room, since} answers what was missed."""
    a, b = node("a"), node("b")
    first = members()
    await first.connect(a)
    await first.join("news")
    sent = [await post(a, f"#{i}") for i in range(3)]
    assert [m.get("seq") for m in sent] == [1, 2, 3], "POST's answer has no per-room 'seq'"

    async def three() -> bool:
        return len(first.messages) == 3

    await eventually(three, "the first client's three messages")
    assert [m["seq"] for m in first.messages] == [1, 2, 3]
    await first.disconnect()

    await post(b, "#3")
    await post(a, "#4")
    later = members()
    await later.connect(b)
    ack = await later.client.call("join", {"room": "news", "since": 3}, timeout=3)
    assert ack["ok"], ack
    assert [(m["seq"], m["text"]) for m in ack.get("missed", [])] == [(4, "#3"), (5, "#4")]
    bad = await later.client.call("join", {"room": "news", "since": -1}, timeout=3)
    assert bad["error"]["code"] == "invalid"
