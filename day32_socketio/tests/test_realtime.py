"""shared.realtime: Socket.IO inside FastAPI — under a prefix, origins, lifespan, Redis, the client."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
import socketio
from fastapi import FastAPI
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

import shared.realtime
from day32_socketio.app import create_app
from shared.realtime import create_realtime

OPEN = "/socket.io/?EIO=4&transport=polling"


async def test_the_lesson_works_mounted_under_a_prefix(live_app, peer) -> None:  # type: ignore[no-untyped-def]
    """What `python -m course serve` does: the lesson at /day32, Socket.IO at /day32/socket.io."""
    course = FastAPI()
    course.mount("/day32", create_app())
    url = live_app(course)
    alice = await peer("alice", url=url, socketio_path="/day32/socket.io")
    bob = await peer("bob", url=url, socketio_path="/day32/socket.io")
    await alice.join("lobby")
    await bob.join("lobby")
    await alice.call("message", {"room": "lobby", "text": "under a prefix"})
    assert (await bob.next("message"))["text"] == "under a prefix"

    async with httpx.AsyncClient(base_url=url) as http:
        assert (await http.get("/day32/health")).json()["day"] == 32
        page = (await http.get("/day32/chat")).text
        # Relative URLs: the page finds its script and its socket next to itself.
        assert '<script src="vendor/socket.io.min.js"' in page
        assert 'new URL("socket.io", location.href).pathname' in page
        script = await http.get("/day32/vendor/socket.io.min.js")
        assert script.status_code == 200
        assert script.headers["content-type"].startswith("text/javascript")
        assert script.text.startswith("/*!\n * Socket.IO v4.8.4")
        handshake = (await http.get("/day32/handshake")).json()
        assert handshake["request"].startswith("GET /day32/ws/echo HTTP/1.1")


async def test_only_allowed_origins_may_connect(client_for, live_app) -> None:  # type: ignore[no-untyped-def]
    async with client_for(create_app()) as same_origin_only:
        r = await same_origin_only.get(OPEN, headers={"Origin": "http://test"})
        assert r.status_code == 200 and r.text.startswith("0{")
        r = await same_origin_only.get(OPEN, headers={"Origin": "https://evil.example"})
        assert r.status_code == 400 and "not an accepted origin" in r.text

    async with client_for(create_app(cors_origins=["http://localhost:5173"])) as listed:
        r = await listed.get(OPEN, headers={"Origin": "http://localhost:5173"})
        assert r.status_code == 200
        assert r.headers["access-control-allow-origin"] == "http://localhost:5173"
        assert (await listed.get(OPEN, headers={"Origin": "http://test"})).status_code == 400

    anyone = FastAPI()
    create_realtime(anyone, cors_origins="*")
    async with client_for(anyone) as open_to_all:
        r = await open_to_all.get(OPEN, headers={"Origin": "https://elsewhere.example"})
        assert r.status_code == 200

    # What matters most: browsers apply no CORS to a WebSocket, so the server must refuse it.
    ws_open = OPEN.replace("polling", "websocket")
    ws_url = live_app(create_app()).replace("http://", "ws://") + ws_open
    with pytest.raises(InvalidStatus) as refused:
        async with connect(ws_url, origin="https://evil.example"):
            pass
    assert refused.value.response.status_code == 403


async def test_the_server_is_shut_down_with_the_apps_lifespan() -> None:
    events: list[str] = []

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        events.append("app started")
        yield
        events.append("app stopped")

    app = FastAPI(lifespan=lifespan)
    sio = create_realtime(app)

    async def shutdown() -> None:
        events.append("socket.io shut down")

    sio.shutdown = shutdown  # type: ignore[method-assign]
    assert app.state.sio is sio
    async with app.router.lifespan_context(app):
        assert events == ["app started"]
    assert events == ["app started", "socket.io shut down", "app stopped"]


def test_redis_url_selects_the_redis_manager() -> None:
    sio = create_realtime(FastAPI(), redis_url="redis://127.0.0.1:6379/0")
    assert isinstance(sio.manager, socketio.AsyncRedisManager)
    assert sio.manager.redis_url == "redis://127.0.0.1:6379/0"  # not connected: that is lazy
    assert type(create_realtime(FastAPI()).manager) is socketio.AsyncManager
    with pytest.raises(ValueError, match="not both"):
        create_realtime(FastAPI(), redis_url="redis://x", client_manager=socketio.AsyncManager())


def _relay_app(manager: socketio.AsyncManager) -> FastAPI:
    app = FastAPI()
    sio = create_realtime(app, client_manager=manager)

    @sio.event
    async def join(sid: str, room: str) -> bool:
        await sio.enter_room(sid, room)
        return True

    @sio.event
    async def say(sid: str, data: dict[str, Any]) -> bool:
        await sio.emit("said", data["text"], to=data["room"])
        return True

    return app


async def test_a_redis_manager_delivers_across_two_servers(live_app, redis_url, new_client) -> None:  # type: ignore[no-untyped-def]
    """The hook Day 33 builds on: two processes' worth of servers, one room, through Redis."""
    channel = f"test-{uuid.uuid4().hex[:12]}"  # our own pub/sub channel on a shared Redis
    urls = [
        live_app(_relay_app(socketio.AsyncRedisManager(redis_url, channel=channel)))
        for _ in range(2)
    ]
    clients = [new_client() for _ in urls]
    heard: dict[int, list[str]] = {0: [], 1: []}
    try:
        for i, (client, url) in enumerate(zip(clients, urls, strict=True)):
            client.on("said", heard[i].append)
            await client.connect(url, transports=["websocket"])
            assert await client.call("join", "lobby", timeout=3)
        # Sent to server 0; the message reaches server 1's member through Redis.
        assert await clients[0].call("say", {"room": "lobby", "text": "hi"}, timeout=3)
        await _until(lambda: heard[1] == ["hi"] and heard[0] == ["hi"])
    finally:
        for client in clients:
            await client.disconnect()


async def _until(condition: Callable[[], bool], deadline_s: float = 3.0) -> None:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < deadline_s, "condition not met in time"
        await asyncio.sleep(0.01)


async def test_a_missing_node_modules_is_named_on_the_page_and_the_route(
    client_for, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(shared.realtime, "CLIENT_DIST", tmp_path / "nothing-here")
    async with client_for(create_app()) as client:
        r = await client.get("/vendor/socket.io.min.js")
        assert r.status_code == 503
        assert r.headers["content-type"] == "application/problem+json"
        assert "`npm ci`" in r.json()["detail"] and "make setup" in r.json()["detail"]
        page = (await client.get("/chat")).text
        assert "<p class=missing>The Socket.IO browser client is not installed" in page
