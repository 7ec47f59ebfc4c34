"""The load test: 40 clients over 2 processes behind a balancer, every broadcast delivered to
every client — before and after one of the processes is killed. Bounded: 30 s at most (about 3 s on an idle machine)."""

from __future__ import annotations

import asyncio
import collections
import itertools

import httpx
import pytest

from day33_websocket_scaling.balancer import Balancer
from day33_websocket_scaling.nodes import Node

from .conftest import cluster_info, until

CLIENTS = 40
BROADCASTS = 50


async def broadcast(http: httpx.AsyncClient, urls: list[str], first: int) -> dict[str, list[str]]:
    """BROADCASTS messages to ``news``, posted to the nodes in turn; their ids, per node."""
    ids: dict[str, list[str]] = {url: [] for url in urls}
    for i, url in zip(range(first, first + BROADCASTS), itertools.cycle(urls), strict=False):
        r = await http.post(f"{url}/rooms/news/messages", json={"text": f"#{i}"})
        assert r.status_code == 202
        ids[url].append(r.json()["id"])
    return ids


def assert_delivered(received: list[str], posted: dict[str, list[str]]) -> None:
    """Every posted id, once; and the ids posted to one node in the order they were posted.

    There is no order *across* nodes: a node hands a broadcast to its own members at once and
    to the other node's members through Redis, so #23 posted to node 2 can reach node 2's
    members before #22 posted to node 1 has come over the bus. One node's publishes travel
    one connection, and Redis keeps their order.
    """
    assert sorted(received) == sorted(i for ids in posted.values() for i in ids)
    for ids in posted.values():
        assert [i for i in received if i in set(ids)] == ids


@pytest.mark.timeout(30)
async def test_every_broadcast_reaches_every_client_across_a_kill(
    two_processes: list[Node], member
) -> None:  # type: ignore[no-untyped-def]
    a, b = two_processes
    async with Balancer([("127.0.0.1", a.port), ("127.0.0.1", b.port)]) as lb:
        clients = [member() for _ in range(CLIENTS)]
        await asyncio.gather(*(c.connect(lb.url) for c in clients))
        await asyncio.gather(*(c.join("news") for c in clients))
        # Round robin: half the clients on each process.
        assert collections.Counter(c.node for c in clients) == {"node-1": 20, "node-2": 20}

        async with httpx.AsyncClient(timeout=5) as http:
            ids = await broadcast(http, [a.url, b.url], 0)
            await until(
                lambda: sum(len(c.messages) for c in clients) == CLIENTS * BROADCASTS,
                f"{CLIENTS} × {BROADCASTS} deliveries",
            )
            # 100%: every client has every message, once; each node's in the order posted.
            for c in clients:
                assert_delivered([m["id"] for m in c.messages], ids)

            a.kill()
            # node-1's clients reconnect (through the balancer, which skips the dead node)
            # and join `news` again.
            await until(lambda: all(c.node == "node-2" for c in clients), "all on node 2")
            assert sorted(c.connects for c in clients) == [1] * 20 + [2] * 20
            assert (await cluster_info(b.url))["rooms"] == {"news": CLIENTS}

            more = await broadcast(http, [b.url], BROADCASTS)
            await until(
                lambda: sum(len(c.messages) for c in clients) == 2 * CLIENTS * BROADCASTS,
                f"another {CLIENTS} × {BROADCASTS} deliveries",
            )
            for c in clients:
                assert_delivered([m["id"] for m in c.messages[BROADCASTS:]], more)
