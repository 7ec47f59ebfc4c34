"""Day 34's fixtures: the lesson under a real uvicorn, and Socket.IO clients that record events."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import socketio
from fastapi import FastAPI

from day34_webrtc.app import create_app
from day34_webrtc.loopback import no_other_tasks

#: how long a test waits for something that must happen (awaited, never slept)
WAIT_S = 5.0


class Client:
    """A Socket.IO ``AsyncClient`` with a queue per server event: ``await c.next("signal")``."""

    def __init__(self) -> None:
        # reconnection=False: a connection the server drops must stay dropped in a test.
        self.sio = socketio.AsyncClient(reconnection=False)
        self.queues: dict[str, asyncio.Queue[Any]] = collections.defaultdict(asyncio.Queue)
        for event in ("signal", "peer-joined", "peer-left"):
            self.sio.on(event, self._recorder(event))

    def _recorder(self, event: str) -> Callable[[Any], Any]:
        async def record(data: Any) -> None:
            await self.queues[event].put(data)

        return record

    async def connect(self, url: str) -> Client:
        await self.sio.connect(url, transports=["websocket"], wait_timeout=WAIT_S)
        return self

    @property
    def sid(self) -> str:
        return self.sio.get_sid()

    async def call(self, event: str, data: Any = None) -> Any:
        return await self.sio.call(event, data, timeout=WAIT_S)

    async def next(self, event: str) -> Any:
        return await asyncio.wait_for(self.queues[event].get(), WAIT_S)


async def eventually(check: Callable[[], Awaitable[bool]], deadline_s: float = WAIT_S) -> bool:
    """Poll ``check`` until it is true or the deadline passes; return its last answer."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_s
    # The thing polled lives in another process or thread: there is no event to await.
    while not (ok := await check()) and loop.time() < end:  # noqa: ASYNC110
        await asyncio.sleep(0.02)
    return ok


@pytest.fixture
def app() -> FastAPI:
    return create_app(max_peers=2)


@pytest.fixture
def url(app: FastAPI, live_app: Callable[[Any], str]) -> str:
    return live_app(app)


@pytest.fixture
async def clients(url: str) -> AsyncIterator[Callable[[], Any]]:
    """``a = await clients()``: a connected client, disconnected when the test ends."""
    made: list[Client] = []

    async def connect() -> Client:
        client = Client()
        made.append(client)
        return await client.connect(url)

    yield connect
    for client in made:
        await client.sio.disconnect()
    assert await no_other_tasks() == [], "a task outlived the test"
