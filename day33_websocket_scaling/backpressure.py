"""Back-pressure: one slow client must neither stall the others nor fill the server's memory.

What python-socketio does with an emit to a room: for each member it puts the packet on that
client's Engine.IO queue — an unbounded ``asyncio.Queue`` — and returns. A writer task per
connection takes packets off the queue and sends them (over a WebSocket, or in the answer to
the client's next long-polling GET). So an emit never waits for a slow client, which is good:
the others are not stalled. But nothing bounds the queue either: a phone in a tunnel, a tab
that stopped reading, a client whose TCP window is zero — their queue grows with every message
the room gets, in the server's memory, until the heartbeat finally gives up on them (and a
client that still answers pings is never given up on).

The policy here is the simplest that holds: **a bounded outbox, disconnect when full**.
Before a packet is queued for a client, look at how many are already waiting for it; at
``outbox_limit`` the client is disconnected (out of every room at once, so nothing more is
queued for it) instead of being sent more. It reconnects when it can and catches up by other
means (a history, a "since" query) — a client that cannot keep up gains nothing from a
backlog it will never read. Other policies: drop the message for that client only (it stays
connected with a gap), or send with acks and cap the acks in flight per client.
"""

from __future__ import annotations

from typing import Any

import socketio


def outbox_depth(server: socketio.AsyncServer, eio_sid: str) -> int:
    """Packets waiting in one client's Engine.IO queue, not yet handed to its transport.

    The one place this lesson reads python-engineio's internals (``eio.sockets`` and each
    socket's ``queue``): the library keeps the number but does not publish it.
    ``tests/test_backpressure.py`` fails if that ever changes.
    """
    socket = server.eio.sockets.get(eio_sid)
    return socket.queue.qsize() if socket is not None else 0


class OutboxLimit(socketio.AsyncManager):
    """A client manager whose local fan-out refuses to queue more for a client that is behind.

    ``AsyncManager.emit`` is where python-socketio turns "emit to room R" into one queued packet
    per member *on this node*. With Redis in front (:class:`bus.ClusterManager` puts this class
    after ``AsyncRedisManager`` in its bases), every node runs it for its own members, whether
    the broadcast started here or arrived through Redis.
    """

    #: queued packets at which a client counts as too slow; 0 means no limit (the library's way)
    outbox_limit: int = 0
    #: clients this node disconnected for being too slow, since it started
    dropped: int = 0

    async def emit(
        self,
        event: str,
        data: Any,
        namespace: str,
        room: str | None = None,
        skip_sid: str | list[str] | None = None,
        callback: Any = None,
        to: str | None = None,
        **kwargs: Any,
    ) -> None:
        room = to or room
        skip = list(skip_sid) if isinstance(skip_sid, list) else [skip_sid]
        if self.outbox_limit:
            # A list first: disconnecting changes the room while we would be iterating it.
            behind = [
                sid
                for sid, eio_sid in self.get_participants(namespace, room)
                if sid not in skip and outbox_depth(self.server, eio_sid) >= self.outbox_limit
            ]
            for sid in behind:
                self.dropped += 1
                # Public API, local only: the client leaves every room here and now, so its
                # queue stops growing. Its transport goes when the heartbeat does: the PING
                # waits behind the backlog, so no PONG comes back in time.
                await self.server.disconnect(sid, namespace=namespace, ignore_queue=True)
            skip += behind
        await super().emit(
            event, data, namespace, room=room, skip_sid=skip, callback=callback, **kwargs
        )


def deepest_outbox(server: socketio.AsyncServer) -> int:
    """The longest queue on this node right now: how far behind its slowest client is."""
    return max((outbox_depth(server, eio_sid) for eio_sid in list(server.eio.sockets)), default=0)
