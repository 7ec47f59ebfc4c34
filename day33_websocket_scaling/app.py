"""Day 33 app: one node of a Socket.IO cluster whose rooms are shared through Redis.

* ``/socket.io/``                    — join, leave, broadcast (``rooms.py``), on every node
* ``POST /rooms/{room}/messages``    — broadcast from plain HTTP (curl, another service)
* ``GET  /cluster``                  — this node: id, pid, clients, rooms, the bus, the limits

Start several with one ``REDIS_URL`` and they are one cluster::

    REDIS_URL=redis://localhost:6379/0 python -m day33_websocket_scaling --port 8033
    REDIS_URL=redis://localhost:6379/0 python -m day33_websocket_scaling --port 8133
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import FastAPI, Path
from pydantic import BaseModel
from redis.exceptions import RedisError

from day33_websocket_scaling import LESSON
from day33_websocket_scaling.backpressure import deepest_outbox
from day33_websocket_scaling.bus import open_bus, plan_bus
from day33_websocket_scaling.node import NodeSettings, default_node_id
from day33_websocket_scaling.payloads import ROOM_PATTERN, TextIn
from day33_websocket_scaling.rooms import NodeState, attach_rooms, local_rooms, publish
from shared.errors import ServiceUnavailable, problem_responses
from shared.realtime import create_realtime
from shared.service import create_service

#: the largest Engine.IO packet a client may send; a bigger one closes its connection
MAX_PACKET_BYTES = 16 * 1024


class BusOut(BaseModel):
    source: str
    where: str
    channel: str
    shared: bool
    #: nodes listening on the channel now (PUBSUB NUMSUB): 2 when two nodes share it
    subscribers: int
    note: str


class HeartbeatOut(BaseModel):
    ping_interval: float
    ping_timeout: float


class OutboxOut(BaseModel):
    limit: int
    dropped: int
    deepest: int


class ClusterOut(BaseModel):
    node: str
    pid: int
    clients: int
    rooms: dict[str, int]
    published: int
    disconnects: dict[str, int]
    redis: BusOut
    heartbeat: HeartbeatOut
    outbox: OutboxOut


class MessageOut(BaseModel):
    id: str
    room: str
    text: str
    node: str
    at: str


def create_app(
    *,
    redis_url: str | None = None,
    channel: str | None = None,
    node_id: str | None = None,
    ping_interval: float | None = None,
    ping_timeout: float | None = None,
    outbox_limit: int | None = None,
) -> FastAPI:
    """One node. Arguments override the environment (tests run several nodes in one process)."""
    settings = NodeSettings()
    plan = plan_bus(settings, channel or settings.cluster_channel, redis_url)
    limit = settings.outbox_limit if outbox_limit is None else outbox_limit
    manager = plan.manager(limit)
    state = NodeState(node_id or settings.node_id or default_node_id())
    heartbeat = HeartbeatOut(
        ping_interval=ping_interval or settings.ping_interval,
        ping_timeout=ping_timeout or settings.ping_timeout,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_bus(plan) as (bus, url):
            app.state.bus = bus
            if url is not None:
                await manager.start(url)
            try:
                yield
            finally:
                await manager.stop()

    app = create_service(LESSON, lifespan=lifespan)
    sio = create_realtime(
        app,
        client_manager=manager,
        max_http_buffer_size=MAX_PACKET_BYTES,
        # The heartbeat: a ping every ping_interval; no pong within ping_timeout and the
        # client is gone. Clients use the same two numbers to notice a silent server.
        ping_interval=heartbeat.ping_interval,
        ping_timeout=heartbeat.ping_timeout,
        # One client's events in the order sent (a broadcast awaits Redis before the next).
        async_handlers=False,
    )
    attach_rooms(sio, state)
    app.state.node = state

    @app.get(
        "/cluster", tags=["cluster"], response_model=ClusterOut, responses=problem_responses(503)
    )
    async def cluster() -> ClusterOut:
        """This node: who it is, who is connected here, and the bus it shares with others."""
        bus = app.state.bus
        try:
            subscribers = await bus.subscribers()
        except (RedisError, OSError) as exc:
            raise ServiceUnavailable(f"Redis at {bus.where} is not reachable: {exc}") from exc
        return ClusterOut(
            node=state.node_id,
            pid=os.getpid(),
            clients=len(state.clients),
            rooms=local_rooms(sio),
            published=state.published,
            disconnects=dict(state.disconnects),
            redis=BusOut(
                source=plan.source,
                where=bus.where,
                channel=plan.channel,
                shared=plan.shared,
                subscribers=subscribers,
                note=plan.note(),
            ),
            heartbeat=heartbeat,
            outbox=OutboxOut(limit=limit, dropped=manager.dropped, deepest=deepest_outbox(sio)),
        )

    @app.post(
        "/rooms/{room}/messages",
        tags=["cluster"],
        status_code=202,
        response_model=MessageOut,
        responses=problem_responses(422, 503),
    )
    async def broadcast(
        room: Annotated[str, Path(pattern=ROOM_PATTERN)], body: TextIn
    ) -> MessageOut:
        """Send ``text`` to every member of ``room``, whichever node they are connected to.

        202: the message is on its way (handed to this node's members and published on the
        bus), not confirmed delivered — Redis pub/sub does not say who received it. 503: Redis
        did not take it, so only this node's members got it.
        """
        return MessageOut(**await publish(sio, state, room, body.text))

    return app
