"""Reconnects, from the client's side: backoff, another node, and the rooms joined again.

A connection ends for many reasons — its node was killed or redeployed, a proxy timed out, the
heartbeat gave up on a silent server. python-socketio's client then reconnects by itself
(``reconnection=True``), waiting ``reconnection_delay`` seconds, doubling each failed attempt
up to ``reconnection_delay_max``, each wait moved by up to ± ``randomization_factor`` seconds
so that ten thousand clients of one dead node do not all come back in the same millisecond.

Two things it does *not* do for you:

* **Go elsewhere.** It retries the same URL. Behind a load balancer that is right (the
  balancer picks a live node); without one, give ``connect`` a function and it is asked for
  a URL on every attempt — :func:`rotating` tries the nodes in turn.
* **Join the rooms again.** Rooms live on the server, per connection: the new connection,
  even to the same node, starts in none. :class:`Member` remembers what it joined and joins
  it all again in its ``connect`` handler, which runs after every (re)connection.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import socketio


def rotating(urls: Sequence[str]) -> Callable[[], str]:
    """A URL per connection attempt, in turn: after a failure the next attempt goes elsewhere."""
    turn = itertools.cycle(urls)
    return lambda: next(turn)


class Member:
    """A Socket.IO client that keeps its rooms across reconnects, and records what it gets."""

    def __init__(
        self,
        *,
        reconnection_delay: float = 0.5,
        reconnection_delay_max: float = 5.0,
        randomization_factor: float = 0.5,
        rejoin: bool = True,
    ) -> None:
        self.client = socketio.AsyncClient(
            reconnection=True,
            reconnection_delay=reconnection_delay,
            reconnection_delay_max=reconnection_delay_max,
            randomization_factor=randomization_factor,
        )
        #: rejoin=False is the bug this class exists to avoid (tests show what it costs)
        self.rejoin = rejoin
        self.rooms: set[str] = set()
        #: the node this connection lives on, as the last join's ack said
        self.node: str | None = None
        self.connects = 0
        self.messages: list[dict[str, Any]] = []
        self.client.on("connect", self._on_connect)
        self.client.on("message", self.messages.append)

    async def connect(self, urls: str | Sequence[str], **kwargs: Any) -> None:
        """Connect to one URL (a load balancer) or to the first of several nodes."""
        url: str | Callable[[], str] = urls if isinstance(urls, str) else rotating(urls)
        # WebSocket only: one long-lived connection, so no sticky sessions are needed.
        kwargs.setdefault("transports", ["websocket"])
        kwargs.setdefault("wait_timeout", 5)
        await self.client.connect(url, **kwargs)

    async def join(self, room: str) -> dict[str, Any]:
        ack = await self.client.call("join", {"room": room}, timeout=5)
        if ack.get("ok"):
            self.rooms.add(room)
            self.node = ack["node"]
        return ack

    async def _on_connect(self) -> None:
        self.connects += 1
        self.node = None  # unknown until a join's ack says where we landed
        if not self.rejoin:
            return
        for room in sorted(self.rooms):
            # emit with a callback, not `await call(...)`: this handler runs while the client
            # is still processing the CONNECT packet; the acks arrive after it returns.
            await self.client.emit("join", {"room": room}, callback=self._joined)

    def _joined(self, ack: dict[str, Any]) -> None:
        if ack.get("ok"):
            self.node = ack["node"]

    async def disconnect(self) -> None:
        await self.client.disconnect()
