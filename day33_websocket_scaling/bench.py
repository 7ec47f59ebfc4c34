"""``python -m course bench 33``: broadcasts per second, 1 process against 2 over Redis.

Two clusters run side by side on one Redis (``REDIS_URL``, or a private ``redis-server``
started for the run), each on its own channel: one node, and two nodes. Each gets ``--clients``
WebSocket clients in room ``bench`` (spread evenly over its nodes) and, per round, a publisher
on its first node sends ``--broadcasts`` ``broadcast`` events back to back. A round's time runs
from the first send to the last delivery at the last client; rounds alternate between the two
clusters, so a busy moment of the machine hits both alike, and the table shows the median.

The clients are bare WebSockets speaking Engine.IO by hand (they count ``message`` frames and
answer pings, nothing more), so the servers are measured rather than python-socketio's own
client. Everything shares this machine's cores — bench process, nodes, Redis — so two nodes
cannot be twice as fast here; what the goal asks is that scaling out costs little: every
message delivered, and at least 0.8× the one-process rate.

    python -m course bench 33 [--clients 40] [--broadcasts 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection, connect

from day33_websocket_scaling.nodes import Node, cluster
from shared.backends import choose, redact
from shared.redis import RedisServer

#: a round that has not delivered everything by then counts what it got (delivery < 100%)
ROUND_DEADLINE_S = 10.0
MESSAGE = "x" * 64


class Counter:
    """A bare Engine.IO/Socket.IO client over one WebSocket: joins a room, counts messages."""

    def __init__(self) -> None:
        self.count = 0
        self.ws: ClientConnection | None = None
        self.reader: asyncio.Task[None] | None = None

    async def start(self, node: Node, room: str) -> None:
        url = node.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.ws = await connect(url, max_queue=None)
        await self.ws.recv()  # 0{"sid":…}: Engine.IO open
        await self.ws.send("40")  # Socket.IO connect
        await self.ws.recv()  # 40{"sid":…}
        await self.ws.send(f'420["join",{{"room":"{room}"}}]')
        await self.ws.recv()  # 430[{"ok":true,…}]
        self.reader = asyncio.create_task(self._read())

    async def send(self, frame: str) -> None:
        assert self.ws is not None
        await self.ws.send(frame)

    async def _read(self) -> None:
        assert self.ws is not None
        with contextlib.suppress(Exception):
            async for frame in self.ws:
                if frame == "2":
                    await self.ws.send("3")  # pong, or the heartbeat drops us mid-bench
                elif isinstance(frame, str) and frame.startswith('42["message"'):
                    self.count += 1

    async def stop(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
        if self.ws is not None:
            await self.ws.close()


@dataclass
class Setup:
    name: str
    nodes: list[Node]
    clients: list[Counter] = field(default_factory=list)
    publisher: Counter = field(default_factory=Counter)
    #: (seconds, deliveries) per round
    rounds: list[tuple[float, int]] = field(default_factory=list)

    async def start(self, clients: int) -> None:
        self.clients = [Counter() for _ in range(clients)]
        await asyncio.gather(
            *(c.start(self.nodes[i % len(self.nodes)], "bench") for i, c in enumerate(self.clients))
        )
        await self.publisher.start(self.nodes[0], "publishers")

    async def round(self, broadcasts: int) -> None:
        for c in self.clients:
            c.count = 0
        expected = broadcasts * len(self.clients)
        frame = "42" + json.dumps(["broadcast", {"room": "bench", "text": MESSAGE}])
        started = time.perf_counter()
        for _ in range(broadcasts):
            await self.publisher.send(frame)
        while (got := sum(c.count for c in self.clients)) < expected:
            if time.perf_counter() - started > ROUND_DEADLINE_S:
                break
            await asyncio.sleep(0.001)
        self.rounds.append((time.perf_counter() - started, got))

    async def stop(self) -> None:
        await asyncio.gather(*(c.stop() for c in [*self.clients, self.publisher]))

    def rate(self, broadcasts: int) -> float:
        """Median broadcasts per second, over the rounds."""
        return statistics.median(broadcasts / seconds for seconds, _ in self.rounds)

    def delivered(self, broadcasts: int) -> float:
        return sum(got for _, got in self.rounds) / (
            broadcasts * len(self.clients) * len(self.rounds)
        )


@contextlib.contextmanager
def bench_redis() -> Iterator[tuple[str, str]]:
    choice = choose("redis")
    if choice.kind == "real":
        yield choice.target, f"REDIS_URL {redact(choice.target)}"
        return
    with RedisServer() as server:
        yield server.url, f"a private redis-server ({server.url})"


async def measure(clients: int, broadcasts: int, rounds: int) -> tuple[str, list[Setup]]:
    run = uuid.uuid4().hex[:8]
    with bench_redis() as (url, described):
        with (
            cluster(1, redis_url=url, channel=f"bench-{run}-1") as one,
            cluster(2, redis_url=url, channel=f"bench-{run}-2") as two,
        ):
            setups = [Setup("1 process", one), Setup("2 processes", two)]
            for setup in setups:
                await setup.start(clients)
            try:
                for _ in range(rounds):
                    for setup in setups:
                        await setup.round(broadcasts)
            finally:
                for setup in setups:
                    await setup.stop()
    return described, setups


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m course bench 33")
    parser.add_argument("--clients", type=int, default=40, help="WebSocket clients per setup")
    parser.add_argument("--broadcasts", type=int, default=200, help="broadcasts per round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per setup (median shown)")
    args = parser.parse_args(argv)
    if not (2 <= args.clients <= 500 and 1 <= args.broadcasts <= 5000 and 1 <= args.rounds <= 50):
        parser.error("need 2 <= --clients <= 500, 1 <= --broadcasts <= 5000, 1 <= --rounds <= 50")

    described, setups = asyncio.run(measure(args.clients, args.broadcasts, args.rounds))
    print(
        f"{args.clients} clients in one room, {args.broadcasts} broadcasts per round, "
        f"{args.rounds} rounds each, alternating; Redis: {described}"
    )
    print(
        f"{'setup':<14}{'broadcasts/s':>14}{'deliveries/s':>15}{'delivered':>11}{'vs 1 process':>14}"
    )
    base = setups[0].rate(args.broadcasts)
    for setup in setups:
        rate = setup.rate(args.broadcasts)
        print(
            f"{setup.name:<14}{rate:>14,.0f}{rate * args.clients:>15,.0f}"
            f"{setup.delivered(args.broadcasts):>11.1%}{rate / base:>13.2f}×"
        )
    ratio = setups[1].rate(args.broadcasts) / base
    complete = all(s.delivered(args.broadcasts) == 1.0 for s in setups)
    print(
        f"goal: 100% delivered and 2 processes >= 0.8× one: "
        f"{'met' if complete and ratio >= 0.8 else 'NOT met'}"
    )
    return 0
