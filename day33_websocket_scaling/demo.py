"""``python -m day33_websocket_scaling demo``: a two-node cluster, from start to a crash.

Two lesson processes on one Redis (yours, from ``REDIS_URL``, or a private ``redis-server``
started for the demo), a round-robin balancer in front, a few WebSocket clients through it.
Then, narrated: a broadcast reaching both nodes' clients, a long-polling session refused by
the node that did not open it, ``kill -9`` of one node, its clients coming back on the other
and joining their room again, and a last broadcast that still reaches everybody.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import time
import uuid
from collections.abc import Callable, Iterator

import httpx

from day33_websocket_scaling.balancer import Balancer
from day33_websocket_scaling.nodes import Node, cluster
from day33_websocket_scaling.reconnect import Member
from day33_websocket_scaling.sticky import PollingSession
from shared.backends import choose, redact
from shared.redis import RedisServer


@contextlib.contextmanager
def shared_redis() -> Iterator[tuple[str, str]]:
    """``(url, how to describe it)``: REDIS_URL when set, else a private redis-server."""
    choice = choose("redis")
    if choice.kind == "real":
        yield choice.target, f"your Redis at {redact(choice.target)}"
        return
    with RedisServer() as server:  # every node gets its URL: one Redis for all of them
        yield server.url, f"a private redis-server at {server.url} (set REDIS_URL to use yours)"


async def until(condition: Callable[[], bool], deadline_s: float = 10.0) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > deadline_s:
            raise TimeoutError("the demo waited too long; is the machine very busy?")
        await asyncio.sleep(0.01)
    return time.monotonic() - started


async def run(clients: int, say: Callable[[str], None]) -> None:
    channel = f"demo-{uuid.uuid4().hex[:8]}"
    with shared_redis() as (url, described):
        say(f"1. Redis: {described}, channel {channel}")
        started = time.monotonic()
        with cluster(2, redis_url=url, channel=channel) as (a, b):
            say(
                f"2. node-1 on {a.url}, node-2 on {b.url}: both subscribed in "
                f"{time.monotonic() - started:.1f} s"
            )
            async with Balancer([("127.0.0.1", a.port), ("127.0.0.1", b.port)]) as lb:
                members = [
                    Member(reconnection_delay=0.1, randomization_factor=0.05)
                    for _ in range(clients)
                ]
                try:
                    await _story(a, b, lb, members, say)
                finally:
                    await asyncio.gather(*(m.disconnect() for m in members))


async def _story(
    a: Node, b: Node, lb: Balancer, members: list[Member], say: Callable[[str], None]
) -> None:
    await asyncio.gather(*(m.connect(lb.url) for m in members))
    await asyncio.gather(*(m.join("news") for m in members))
    spread = dict(sorted(collections.Counter(m.node for m in members).items()))
    say(
        f"3. {len(members)} WebSocket clients through a round-robin balancer ({lb.url}), "
        f"all in room news: {spread}"
    )

    async with httpx.AsyncClient(timeout=5) as http:
        await http.post(f"{a.url}/rooms/news/messages", json={"text": "hello from node-1"})
        await until(lambda: all(len(m.messages) == 1 for m in members))
        say(
            f"4. POST /rooms/news/messages on node-1: delivered to {len(members)}/{len(members)}"
            f" clients, {spread.get('node-2', 0)} of them on node-2, through Redis"
        )

        session = PollingSession(http)
        await session.open(a.url)
        refused = await session.poll(b.url)
        say(
            f"5. Long-polling without sticky sessions: opened on node-1, next GET on node-2 "
            f"→ {refused.status_code} {refused.text}"
        )
        await session.send(a.url, "1")  # close it politely on the node that has it

        moved = [m for m in members if m.node == "node-1"]
        a.kill()
        took = await until(lambda: all(m.node == "node-2" for m in members))
        say(
            f"6. kill -9 node-1: its {len(moved)} clients reconnected through the balancer "
            f"to node-2 and joined news again in {took:.2f} s"
        )

        await http.post(f"{b.url}/rooms/news/messages", json={"text": "node-2 carries on"})
        await until(lambda: all(len(m.messages) == 2 for m in members))
        say(f"7. POST on node-2: delivered to {len(members)}/{len(members)} clients")
        info = (await http.get(f"{b.url}/cluster")).json()
        shown = {k: info[k] for k in ("node", "clients", "rooms", "disconnects")}
        say(f"8. GET /cluster on node-2: {json.dumps(shown)}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m day33_websocket_scaling demo")
    parser.add_argument("--clients", type=int, default=6, help="WebSocket clients (2-200)")
    args = parser.parse_args(argv)
    if not 2 <= args.clients <= 200:
        parser.error("--clients must be between 2 and 200")
    asyncio.run(run(args.clients, lambda line: print(line, flush=True)))
    return 0
