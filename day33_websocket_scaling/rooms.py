"""The Socket.IO side of a node: join and leave rooms, broadcast to them, count who is here.

Client → server (each answered by an ack ``{"ok": true, …}`` or ``{"ok": false, "error": …}``):

    join       {"room": "news"}                  → ack {"ok", "room", "node"}
    leave      {"room": "news"}                  → ack {"ok", "room"}
    broadcast  {"room": "news", "text": "hi"}    → ack {"ok", "id", "node"}

Server → client:

    message    {"id", "room", "text", "node", "at"}   to every member of the room, on every node

``node`` in an ack is the node that answered — the one this connection lives on; in a
message it is the node where the broadcast started. A ``join`` is per *connection*: a client
that reconnects (to this node or another) is in no room until it joins again.
"""

from __future__ import annotations

import collections
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import socketio

from day33_websocket_scaling.payloads import BroadcastIn, RoomIn
from shared.realtime import Ack, error, ok, on_event


@dataclass
class NodeState:
    """What this node knows about itself: its name, its connections, why they ended."""

    node_id: str
    clients: set[str] = field(default_factory=set)
    #: disconnect reasons as python-socketio names them ("ping timeout", "transport close"…)
    disconnects: collections.Counter[str] = field(default_factory=collections.Counter)
    #: broadcasts that started on this node
    published: int = 0


def local_rooms(sio: socketio.AsyncServer) -> dict[str, int]:
    """Members *on this node* of each room (each connection's own room left out)."""
    rooms = sio.manager.rooms.get("/", {})
    return {
        name: len(members)
        for name, members in rooms.items()
        if name is not None and name not in members  # a sid's own room holds just itself
    }


async def publish(sio: socketio.AsyncServer, state: NodeState, room: str, text: str) -> Ack:
    """Emit ``message`` to ``room`` on every node: here directly, elsewhere through Redis."""
    message = {
        "id": uuid.uuid4().hex,
        "room": room,
        "text": text,
        "node": state.node_id,
        "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
    }
    await sio.emit("message", message, to=room)
    state.published += 1
    return message


def attach_rooms(sio: socketio.AsyncServer, state: NodeState) -> None:
    """Register the node's event handlers on ``sio``."""

    @sio.event
    async def connect(sid: str, environ: dict[str, Any], auth: Any) -> None:
        state.clients.add(sid)

    @sio.event
    async def disconnect(sid: str, reason: str) -> None:
        state.clients.discard(sid)
        state.disconnects[str(reason)] += 1

    # on_event (Day 32's): validate, then the handler; every outcome is an ack, and a
    # ServiceUnavailable (Redis down) is the ack {"code": "unavailable"}.
    @on_event(sio, "join", RoomIn)
    async def join(sid: str, data: RoomIn) -> Ack:
        await sio.enter_room(sid, data.room)
        return ok(room=data.room, node=state.node_id)

    @on_event(sio, "leave", RoomIn)
    async def leave(sid: str, data: RoomIn) -> Ack:
        if data.room not in sio.rooms(sid):
            return error("not_in_room", f"you are not in {data.room!r}")
        await sio.leave_room(sid, data.room)
        return ok(room=data.room)

    @on_event(sio, "broadcast", BroadcastIn)
    async def broadcast(sid: str, data: BroadcastIn) -> Ack:
        # Anyone connected may announce to any room here; a chat would first check that the
        # sender is a member (Day 32's not_in_room) and rate-limit it (Day 32's token bucket).
        message = await publish(sio, state, data.room, data.text)
        return ok(id=message["id"], node=state.node_id)

    @sio.on("*")
    async def unknown(event: str, sid: str, *args: Any) -> Ack:
        return error("unknown_event", f"no event called {event[:40]!r}")
