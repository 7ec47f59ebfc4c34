"""The bus between nodes: python-socketio's ``AsyncRedisManager`` on one Redis pub/sub channel.

A room is a list of connections, and a connection lives in one process. So when node A
emits to ``news``, it hands the packet to its own members of ``news`` and **publishes** the
emit on the channel; every other node subscribed to the channel receives it and hands it to
*its* members. No node knows who is connected elsewhere: each only delivers locally. Redis
pub/sub is fire-and-forget — a node that is not subscribed at the moment of a PUBLISH never
sees that message — which is why a node subscribes at start-up (:meth:`ClusterManager.start`)
and why ``/cluster`` reports how many subscribers the channel has.

Which Redis (the course's rule, :func:`shared.backends.choose`): ``REDIS_URL`` when set —
every process started with it (and the same ``CLUSTER_CHANNEL``) joins the cluster; else a
private ``redis-server`` for this one process (the same code path, a cluster of one); with no
``redis-server`` at all, python-socketio's in-process manager, and /cluster says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Literal

import redis.asyncio as aioredis
import socketio

from day33_websocket_scaling.backpressure import OutboxLimit
from shared.backends import BackendUnavailable, choose, redact
from shared.redis import CONNECT_TIMEOUT_S, RedisServer, ping
from shared.settings import Settings

#: the managers' logger ("Cannot publish to redis…", "Cannot receive from redis…")
log = logging.getLogger("course.day33.bus")

Source = Literal["REDIS_URL", "argument", "private redis-server", "in-process", "refused"]


class ClusterManager(socketio.AsyncRedisManager, OutboxLimit):
    """Redis pub/sub between nodes, and the outbox limit on each node's own members.

    The order of the bases matters: ``AsyncRedisManager`` publishes an emit and receives the
    others', then hands each to ``super().emit`` — which, with these bases, is
    :meth:`OutboxLimit.emit`, the local fan-out with the limit.
    """

    def __init__(self, channel: str, outbox_limit: int) -> None:
        # The URL comes in start(): a private redis-server only exists once the lifespan has
        # started it, and python-socketio connects lazily anyway.
        super().__init__("redis://not-started", channel=channel, logger=log)
        self.outbox_limit = outbox_limit

    async def start(self, url: str) -> None:
        """Subscribe now, not on the first client connection (python-socketio's default).

        The node is then on the bus before it answers its first request: ``/cluster`` counts
        it, and a client's first ``join`` cannot race the subscription (a broadcast published
        in between would never reach it). ``manager_initialized`` tells the server not to
        initialise a second time — two listeners would deliver everything twice.
        """
        self.redis_url = url
        self.server.manager_initialized = True
        self.initialize()  # starts the listener task, which connects and sends SUBSCRIBE
        deadline = time.monotonic() + CONNECT_TIMEOUT_S
        while self.pubsub is None or not self.pubsub.subscribed:
            if time.monotonic() > deadline:
                raise BackendUnavailable(f"could not subscribe to {self.channel!r}")
            await asyncio.sleep(0.005)

    async def _publish(self, data: dict) -> int:
        """PUBLISH one message for the other nodes; raise if Redis would not take it.

        python-socketio's own version logs the failure and returns None, and the emit looks
        like a success: the caller would report a broadcast as sent that no other node got.
        """
        receivers = await super()._publish(data)
        if receivers is None:
            raise BackendUnavailable(
                "Redis is not reachable: the message reached this node's members only",
                backend="redis",
            )
        return int(receivers)

    async def stop(self) -> None:
        listener = getattr(self, "thread", None)
        if listener is not None:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await listener
        if self.redis is not None:
            await self.redis.aclose()


class LocalManager(OutboxLimit):
    """No Redis: rooms live in this process only (python-socketio's default, plus the limit)."""

    def __init__(self, outbox_limit: int) -> None:
        super().__init__()
        self.outbox_limit = outbox_limit

    async def start(self, url: str) -> None:
        return None

    async def stop(self) -> None:
        return None


@dataclass(frozen=True)
class BusPlan:
    """Where the bus will be, decided from the settings alone (nothing is started here)."""

    source: Source
    channel: str
    #: the URL to connect to (password included: never print it; see ``where``)
    url: str | None = None
    #: the redis-server binary for a private server
    binary: str = ""
    hint: str = ""

    @property
    def shared(self) -> bool:
        """Can another process join this cluster? Only through a Redis it can reach too."""
        return self.source in ("REDIS_URL", "argument")

    def manager(self, outbox_limit: int) -> ClusterManager | LocalManager:
        if self.source == "in-process":
            return LocalManager(outbox_limit)
        return ClusterManager(self.channel, outbox_limit)

    def note(self) -> str:
        if self.shared:
            return (
                "rooms are shared with every node started with this Redis and "
                f"CLUSTER_CHANNEL={self.channel}"
            )
        if self.source == "private redis-server":
            return (
                "a private redis-server for this process only: set REDIS_URL (and start "
                "more nodes with it) to share rooms between processes"
            )
        return "no redis-server on PATH: rooms live in this process only"


def plan_bus(settings: Settings, channel: str, redis_url: str | None = None) -> BusPlan:
    """``redis_url`` (tests pass one) wins; then the course's choice for ``"redis"``."""
    if redis_url:
        return BusPlan("argument", channel, url=redis_url)
    choice = choose("redis", settings)
    if choice.kind == "real":
        return BusPlan("REDIS_URL", channel, url=choice.target)
    if choice.kind == "embedded":
        return BusPlan("private redis-server", channel, binary=choice.where)
    if choice.kind == "stand-in":
        # fakeredis cannot carry a message to another process, so it is no bus at all.
        return BusPlan("in-process", channel)
    return BusPlan("refused", channel, hint=choice.hint)


@dataclass
class Bus:
    """The running bus: its plan, where it is (password hidden), and a client to inspect it."""

    plan: BusPlan
    where: str
    redis: aioredis.Redis | None

    async def subscribers(self) -> int:
        """How many connections listen on the channel right now: one per live node."""
        if self.redis is None:
            return 1  # in-process: this node is the whole cluster
        [(_, count)] = await self.redis.pubsub_numsub(self.plan.channel)
        return int(count)


@contextlib.asynccontextmanager
async def open_bus(plan: BusPlan) -> AsyncIterator[tuple[Bus, str | None]]:
    """Start what the plan needs; yield the bus and the URL for the manager (None: no Redis).

    A configured Redis that does not answer stops the start-up (503 ``BackendUnavailable``
    naming the URL without its password) — never a quiet private server instead, which would
    cut this node off from the rest of its cluster while it looked healthy.
    """
    if plan.source == "refused":
        raise BackendUnavailable(plan.hint, backend="redis")
    if plan.source == "in-process":
        yield Bus(plan, "", None), None
        return
    server: RedisServer | None = None
    url = plan.url
    if url is None:
        server = RedisServer(plan.binary)
        url = await asyncio.to_thread(server.start)
    client = aioredis.Redis.from_url(
        url, decode_responses=True, socket_connect_timeout=CONNECT_TIMEOUT_S
    )
    goodbye = _PrivateServerGoodbye()
    if server is not None:
        log.addFilter(goodbye)
    try:
        await ping(client, url=url)
        yield Bus(plan, redact(url), client), url
    finally:
        await client.aclose()
        if server is not None:
            await asyncio.to_thread(server.stop)
            log.removeFilter(goodbye)


class _PrivateServerGoodbye(logging.Filter):
    """Silence the listener's "Cannot receive from redis" about *our* private server.

    That server shares our process group on purpose, so Ctrl-C in a terminal stops it too —
    a moment before the lifespan stops the listener, which would otherwise log the loss of
    a server that was meant to go. A configured Redis gets no such filter: losing it is news.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Cannot receive from redis")
