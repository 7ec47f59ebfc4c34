"""Sticky sessions: why every long-polling request of a session must reach the same process.

Engine.IO's long-polling transport is a *series* of HTTP requests — a GET that waits for
packets, a POST for each batch the client sends — all carrying ``?sid=…``. The session (its
queue of packets, its Socket.IO connection, its rooms) lives in the memory of the process
that opened it. A load balancer that sends the next request to another process hands that
process a sid it never issued: ``400 "Invalid session …"``, and the client has to start
again — over and over, if the balancer keeps alternating. Redis does not help here: it
carries *emits* between nodes, not sessions.

Two ways out:

* **sticky sessions** — the balancer sends every request of one client to one process:
  nginx ``ip_hash`` or ``hash $remote_addr consistent``, HAProxy ``cookie SERVERID insert``
  or ``balance source`` (README → "Sticky sessions" has the configuration);
* **WebSocket only** — ``transports=["websocket"]`` on the client: one HTTP request (the
  Upgrade), then one long-lived TCP connection. Whatever the balancer does with the *next*
  connection, this one stays where it landed. The price: no fallback for the rare network
  that blocks WebSockets.

:class:`PollingSession` speaks the polling transport by hand, so a test — or you, from a
Python prompt — can send one session's requests to two nodes and watch the second refuse them.
"""

from __future__ import annotations

import json

import httpx

#: Engine.IO v4 separates packets in one polling body with the record separator
SEPARATOR = "\x1e"


class PollingSession:
    """One Engine.IO session over long-polling, its requests sent wherever you say."""

    def __init__(self, http: httpx.AsyncClient, path: str = "/socket.io/") -> None:
        self.http = http
        self.path = path
        self.sid = ""

    def url(self, node: str) -> str:
        query = "?EIO=4&transport=polling" + (f"&sid={self.sid}" if self.sid else "")
        return f"{node}{self.path}{query}"

    async def open(self, node: str) -> dict:
        """The handshake: ``0{"sid": …, "pingInterval": …}``, from ``node``."""
        r = await self.http.get(self.url(node))
        r.raise_for_status()
        opened = json.loads(r.text.removeprefix("0"))
        self.sid = opened["sid"]
        return opened

    async def send(self, node: str, *packets: str) -> httpx.Response:
        """POST packets (``"40"`` Socket.IO connect, ``'420["join",{…}]'`` an event)."""
        return await self.http.post(self.url(node), content=SEPARATOR.join(packets))

    async def poll(self, node: str) -> httpx.Response:
        """GET: the packets waiting for this session (or, if none, wait for some)."""
        return await self.http.get(self.url(node))

    @staticmethod
    def packets(response: httpx.Response) -> list[str]:
        return response.text.split(SEPARATOR)
