"""A load balancer in 80 lines: TCP, round robin or sticky, skipping backends that are down.

It is what sits in front of a cluster (nginx, HAProxy, a cloud load balancer) at its most
naive: each new TCP connection goes to the next backend; a backend that refuses the connection
(its process is dead) is skipped. It knows nothing about HTTP, cookies or Engine.IO sessions,
so by default it is **not sticky** — which is exactly what shows the difference between the
two transports:

* a WebSocket is one TCP connection for the whole session: it stays on the backend it
  reached, and the balancer cannot split it;
* long-polling is many HTTP requests, on whatever connections the client opens; the ones
  that land on another backend carry a session id that backend never issued.

``sticky=True`` is nginx's ``ip_hash``: the client's address picks the backend, so all of one
client's connections meet the same process (and everybody behind one NAT too — on loopback,
every client). Polling then works, and Redis still carries the rooms between nodes.

    async with Balancer([("127.0.0.1", 8033), ("127.0.0.1", 8133)]) as lb:
        await client.connect(lb.url, transports=["websocket"])
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import zlib
from typing import Self

Address = tuple[str, int]


class Balancer:
    """A TCP proxy on a free loopback port, spreading connections over ``backends``."""

    def __init__(
        self, backends: list[Address], *, sticky: bool = False, host: str = "127.0.0.1"
    ) -> None:
        self.backends = backends
        self.sticky = sticky
        self.host = host
        self._next = itertools.cycle(range(len(backends)))
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        #: connections sent to each backend (by index), for a test or a curious learner
        self.routed: collections.Counter[int] = collections.Counter()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        port = self._server.sockets[0].getsockname()[1]
        return f"http://{self.host}:{port}"

    async def __aenter__(self) -> Self:
        self._server = await asyncio.start_server(self._accept, self.host, 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)
        await self._server.wait_closed()

    async def _accept(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        for index in self._order(client_w.get_extra_info("peername")[0]):
            try:
                backend_r, backend_w = await asyncio.open_connection(*self.backends[index])
            except OSError:
                continue  # refused: that process is gone (a real balancer's health check)
            self.routed[index] += 1
            pipes = [
                asyncio.ensure_future(_pipe(client_r, backend_w)),
                asyncio.ensure_future(_pipe(backend_r, client_w)),
            ]
            self._pipes.update(pipes)
            try:
                # When either side closes, close both: a half-open proxy holds sessions open.
                await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in pipes:
                    task.cancel()
                    self._pipes.discard(task)
                backend_w.close()
                client_w.close()
            return
        client_w.close()  # nobody is alive: the client sees its connection closed

    def _order(self, client_host: str) -> list[int]:
        """The backends to try for one connection: each once, the chosen one first."""
        n = len(self.backends)
        first = zlib.crc32(client_host.encode()) % n if self.sticky else next(self._next)
        return [(first + i) % n for i in range(n)]


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()  # back-pressure across the proxy: a slow side slows the other
