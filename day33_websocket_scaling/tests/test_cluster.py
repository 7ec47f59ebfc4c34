"""Rooms shared by two real processes through Redis, and what /cluster says about each node."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from day33_websocket_scaling.nodes import Node, cluster
from shared.redis import RedisServer

from .conftest import cluster_info, until

CHANNEL = f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="module")
def two_processes(redis_url: str) -> Iterator[list[Node]]:
    """One pair of processes for this module's tests (they leave both running)."""
    with cluster(2, redis_url=redis_url, channel=CHANNEL) as nodes:
        yield nodes


async def test_a_broadcast_on_one_process_reaches_members_on_the_other(
    two_processes: list[Node], member
) -> None:  # type: ignore[no-untyped-def]
    a, b = two_processes
    on_a, on_b, elsewhere = member(), member(), member()
    await on_a.connect(a.url)
    await on_b.connect(b.url)
    await elsewhere.connect(b.url)
    assert (await on_a.join("news"))["node"] == "node-1"
    assert (await on_b.join("news"))["node"] == "node-2"
    assert (await elsewhere.join("sport"))["ok"]

    # From a socket on process 1 …
    ack = await on_a.client.call("broadcast", {"room": "news", "text": "from 1"}, timeout=5)
    assert ack["ok"] and ack["node"] == "node-1"
    # … and from plain HTTP on process 2.
    async with httpx.AsyncClient() as http:
        r = await http.post(f"{b.url}/rooms/news/messages", json={"text": "from 2"})
    assert r.status_code == 202 and r.json()["node"] == "node-2"

    for m in (on_a, on_b):
        await until(lambda m=m: len(m.messages) == 2, "both messages at both members")
        assert [(x["text"], x["node"]) for x in m.messages] == [
            ("from 1", "node-1"),
            ("from 2", "node-2"),
        ]
    assert elsewhere.messages == []  # a room is a room, on every node

    # Each node knows only its own members; both listen on the channel.
    info_a, info_b = await cluster_info(a.url), await cluster_info(b.url)
    assert (info_a["node"], info_b["node"]) == ("node-1", "node-2")
    assert info_a["pid"] == a.proc.pid and info_b["pid"] == b.proc.pid
    assert (info_a["clients"], info_b["clients"]) == (1, 2)
    assert info_a["rooms"] == {"news": 1}
    assert info_b["rooms"] == {"news": 1, "sport": 1}
    for info in (info_a, info_b):
        assert info["redis"]["channel"] == CHANNEL
        assert info["redis"]["source"] == "REDIS_URL" and info["redis"]["shared"]
        assert info["redis"]["subscribers"] == 2
    assert (info_a["published"], info_b["published"]) == (1, 1)


async def test_another_channel_is_another_cluster(
    two_processes: list[Node], member, start_node
) -> None:  # type: ignore[no-untyped-def]
    """Same Redis, different CLUSTER_CHANNEL: the messages never cross."""
    stranger_url = start_node(channel="someone-else", node_id="stranger")
    stranger, insider = member(), member()
    await stranger.connect(stranger_url)
    await insider.connect(two_processes[1].url)
    await stranger.join("news")
    await insider.join("news")
    async with httpx.AsyncClient() as http:
        await http.post(f"{two_processes[0].url}/rooms/news/messages", json={"text": "ours"})
        await http.post(f"{stranger_url}/rooms/news/messages", json={"text": "theirs"})
    await until(lambda: len(insider.messages) == 1 and len(stranger.messages) == 1, "one each")
    assert insider.messages[0]["text"] == "ours"
    assert stranger.messages[0]["text"] == "theirs"


async def test_when_redis_goes_away_a_node_says_so(start_node, member) -> None:  # type: ignore[no-untyped-def]
    """Never pretend: the local members still get the message, and the sender learns the rest
    did not (python-socketio alone would log it and report success)."""
    with RedisServer() as redis:  # our own, to stop: the session's Redis is shared
        url = start_node(redis_url=redis.url, node_id="alone")
        m = member()
        await m.connect(url)
        await m.join("news")
    # The Redis is gone now.
    async with httpx.AsyncClient(base_url=url) as http:
        r = await http.post("/rooms/news/messages", json={"text": "anyone?"})
        assert r.status_code == 503
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["detail"] == (
            "Redis is not reachable: the message reached this node's members only"
        )
        assert (await http.get("/cluster")).status_code == 503
    ack = await m.client.call("broadcast", {"room": "news", "text": "hello?"}, timeout=5)
    assert ack["error"]["code"] == "unavailable"
    await until(lambda: len(m.messages) == 2, "both messages, locally")
