"""Python Socket.IO clients against the lesson under a real uvicorn, and what they received."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import socketio

from day32_socketio.app import create_app
from shared.ratelimit import ManualClock

#: the server → client events of the chat
EVENTS = ("message", "typing", "presence", "private")
#: how long a test waits for an event that must come (an event, polled — never a sleep)
WAIT_S = 3.0


def socketio_client() -> socketio.AsyncClient:
    """python-socketio's asyncio client, which needs aiohttp: say so plainly if it is missing."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        pytest.fail(
            "aiohttp is not installed, and python-socketio's AsyncClient needs it: run "
            "`make setup` (pyproject.toml asks for python-socketio[asyncio_client])",
            pytrace=False,
        )
    # reconnection=False: a connection the server closes must stay closed in a test.
    return socketio.AsyncClient(reconnection=False)


@pytest.fixture
def new_client() -> Callable[[], socketio.AsyncClient]:
    """``client = new_client()``: a bare ``socketio.AsyncClient``, for tests below the Peer."""
    return socketio_client


class Peer:
    """An ``AsyncClient`` with one queue per event, so a test can ``await peer.next("message")``."""

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.client = socketio_client()
        self.queues: dict[str, asyncio.Queue[Any]] = collections.defaultdict(asyncio.Queue)
        self.connect_errors: list[Any] = []
        for event in EVENTS:
            self.client.on(event, self._recorder(event))
        self.client.on("connect_error", self.connect_errors.append)

    def _recorder(self, event: str) -> Callable[[Any], Awaitable[None]]:
        async def record(data: Any) -> None:
            await self.queues[event].put(data)

        return record

    async def connect(self, url: str, **kwargs: Any) -> Peer:
        kwargs.setdefault("transports", ["websocket"])
        auth = {"name": self.name} if self.name is not None else None
        await self.client.connect(url, auth=kwargs.pop("auth", auth), wait_timeout=WAIT_S, **kwargs)
        return self

    async def call(self, event: str, *data: Any) -> Any:
        """Emit ``event`` and wait for its acknowledgement."""
        payload: Any = data[0] if len(data) == 1 else (data or None)
        return await self.client.call(event, payload, timeout=WAIT_S)

    async def next(self, event: str) -> Any:
        return await asyncio.wait_for(self.queues[event].get(), WAIT_S)

    def received(self, event: str) -> list[Any]:
        """Everything of ``event`` received so far, without waiting."""
        queue, items = self.queues[event], []
        while not queue.empty():
            items.append(queue.get_nowait())
        return items

    async def join(self, room: str) -> dict[str, Any]:
        ack = await self.call("join", {"room": room})
        assert ack["ok"], ack
        await self.next("presence")  # our own "joined" announcement
        return ack


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def app(clock: ManualClock) -> Any:
    return create_app(clock=clock)


@pytest.fixture
def url(app: Any, live_app: Callable[[Any], str]) -> str:
    return live_app(app)


@pytest.fixture
async def peer(url: str) -> AsyncIterator[Callable[..., Awaitable[Peer]]]:
    """``alice = await peer("alice")``: a connected client, disconnected after the test."""
    peers: list[Peer] = []

    async def connect(name: str | None, **kwargs: Any) -> Peer:
        p = Peer(name)
        peers.append(p)
        return await p.connect(kwargs.pop("url", url), **kwargs)

    yield connect
    for p in peers:
        if p.client.connected:
            await p.client.disconnect()
