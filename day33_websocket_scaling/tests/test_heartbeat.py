"""Heartbeats, both ways: the server drops a client that stops answering pings, and a client
fails over when its server stops sending them."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from day33_websocket_scaling.nodes import cluster

from .conftest import cluster_info, until


async def test_a_client_that_stops_answering_pings_is_dropped(start_node, member) -> None:  # type: ignore[no-untyped-def]
    url = start_node(node_id="n", ping_interval=1, ping_timeout=0.5)
    healthy = member()
    await healthy.connect(url)  # python-socketio answers every ping with a pong
    await healthy.join("news")

    # A zombie: it speaks Engine.IO by hand and joins; then it reads, and even sends ("6",
    # a no-op), but it never answers a ping ("2") with a pong ("3").
    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    received: list[str] = []
    async with connect(ws_url) as zombie:
        opened = json.loads((await zombie.recv()).removeprefix("0"))
        assert (opened["pingInterval"], opened["pingTimeout"]) == (1000, 500)
        await zombie.send("40")
        assert (await zombie.recv()).startswith('40{"sid":')
        await zombie.send('420["join",{"room":"news"}]')
        assert (await zombie.recv()) == '430[{"ok":true,"room":"news","node":"n"}]'
        assert (await cluster_info(url))["clients"] == 2

        started = time.monotonic()
        info: dict = {}

        async def dropped() -> bool:
            nonlocal info
            info = await cluster_info(url)
            return info["disconnects"].get("ping timeout") == 1

        while not await dropped():
            assert time.monotonic() - started < 5, f"the zombie was never dropped {info} {received}"
            try:
                received.append(str(await asyncio.wait_for(zombie.recv(), 0.05)))
                if received[-1] == "2":
                    await zombie.send("6")
            except (TimeoutError, ConnectionClosed):
                pass
    # The server pinged, waited ping_timeout for the pong, and gave up on it.
    assert "2" in received
    assert info["clients"] == 1 and info["rooms"] == {"news": 1}
    # The healthy client was pinged as often and is still here, still in its room.
    assert healthy.client.connected and healthy.connects == 1
    async with httpx.AsyncClient() as http:
        await http.post(f"{url}/rooms/news/messages", json={"text": "still here?"})
    await until(lambda: len(healthy.messages) == 1, "the healthy client's message")


async def test_a_client_fails_over_when_its_server_goes_silent(redis_url, channel, member) -> None:  # type: ignore[no-untyped-def]
    """A hung process keeps its TCP connections open: only the missing pings tell."""
    env = {"PING_INTERVAL": "1", "PING_TIMEOUT": "0.5"}
    with cluster(2, redis_url=redis_url, channel=channel, env=env) as (a, b):
        m = member()
        await m.connect([a.url, b.url])  # the nodes in turn, one per connection attempt
        await m.join("news")
        assert m.node == "node-1"

        a.pause()  # SIGSTOP: the socket stays open, nothing comes out of it
        # The client waits pingInterval + pingTimeout (1.5 s) for a ping, then reconnects —
        # to the next URL — and joins its rooms again.
        await until(lambda: m.node == "node-2", "the client re-joined on node 2", 6)
        assert m.connects == 2
        async with httpx.AsyncClient() as http:
            await http.post(f"{b.url}/rooms/news/messages", json={"text": "on node 2"})
        await until(lambda: [x["text"] for x in m.messages] == ["on node 2"], "the message")
        await m.disconnect()  # before the nodes stop, or it would chase them as they go
