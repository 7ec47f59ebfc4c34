"""Sticky sessions: long-polling breaks when its requests change process; a WebSocket does not."""

from __future__ import annotations

import httpx
import pytest
import socketio

from day33_websocket_scaling.balancer import Balancer
from day33_websocket_scaling.sticky import PollingSession

from .conftest import until, wait_subscribed


@pytest.fixture
async def nodes(start_node) -> list[str]:  # type: ignore[no-untyped-def]
    # A 1 s heartbeat: python-engineio holds a polling GET open until it has a packet to
    # send (a ping at the latest), and a polling client's disconnect waits for that GET.
    urls = [start_node(node_id=n, ping_interval=1, ping_timeout=1) for n in ("a", "b")]
    await wait_subscribed(urls, 2)
    return urls


def backends(urls: list[str]) -> list[tuple[str, int]]:
    return [("127.0.0.1", int(url.rsplit(":", 1)[1])) for url in urls]


async def test_a_polling_session_is_unknown_to_the_other_process(nodes: list[str]) -> None:
    a, b = nodes
    async with httpx.AsyncClient(timeout=3) as http:
        session = PollingSession(http)
        opened = await session.open(a)
        assert opened["upgrades"] == ["websocket"]
        assert (await session.send(a, "40")).text == "OK"  # Socket.IO connect, on a
        assert session.packets(await session.poll(a))[0].startswith('40{"sid":')

        # The next request of the same session reaches the other process: refused.
        for refused in (
            await session.send(b, '420["join",{"room":"news"}]'),
            await session.poll(b),
        ):
            assert refused.status_code == 400
            assert refused.json() == f"Invalid session {session.sid}"

        # Back on the process that holds the session, it carries on as if nothing happened.
        assert (await session.send(a, '421["join",{"room":"news"}]')).text == "OK"
        [ack] = session.packets(await session.poll(a))
        assert ack == '431[{"ok":true,"room":"news","node":"a"}]'


async def test_through_a_round_robin_balancer_polling_fails_and_websocket_works(
    nodes: list[str], member
) -> None:  # type: ignore[no-untyped-def]
    async with Balancer(backends(nodes)) as lb:
        # Polling: the handshake lands on one node, the next request on the other.
        polling = socketio.AsyncClient(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            await polling.connect(lb.url, transports=["polling"], wait_timeout=1)
        assert lb.routed[0] >= 1 and lb.routed[1] >= 1

        # WebSocket only: each client is one connection, which stays where it landed.
        first, second = member(), member()
        await first.connect(lb.url)
        await second.connect(lb.url)
        await first.join("news")
        await second.join("news")
        assert {first.node, second.node} == {"a", "b"}  # spread over both, and working
        await first.client.call("broadcast", {"room": "news", "text": "one hop"}, timeout=3)
        await until(lambda: len(second.messages) == 1, "the message on the other node")
        assert second.messages[0]["node"] == first.node != second.node


async def test_a_sticky_balancer_makes_polling_work(nodes: list[str], member) -> None:  # type: ignore[no-untyped-def]
    """ip_hash: one client address, one backend — and Redis still spans the nodes."""
    async with Balancer(backends(nodes), sticky=True) as lb:
        polling = member()
        await polling.connect(lb.url, transports=["polling"])
        assert polling.client.transport() == "polling"
        await polling.join("news")
        other = "b" if polling.node == "a" else "a"
        async with httpx.AsyncClient() as http:
            url = nodes[0] if other == "a" else nodes[1]
            r = await http.post(f"{url}/rooms/news/messages", json={"text": "via redis"})
        assert r.status_code == 202
        await until(lambda: len(polling.messages) == 1, "the message over long-polling")
        assert polling.messages[0]["node"] == other
        assert len(lb.routed) == 1  # every connection went to one backend
