"""Checks for the Day 32 exercises (README → Exercises). They fail until you solve them.

pytest day32_socketio/exercises -k history
pytest day32_socketio/exercises -k delivery_receipts
pytest day32_socketio/exercises -k admin_namespace
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import socketio

from day32_socketio.app import create_app
from shared.ratelimit import ManualClock


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def url(live_app, clock: ManualClock) -> str:  # type: ignore[no-untyped-def]
    return live_app(create_app(clock=clock))


@pytest.fixture
async def clients() -> AsyncIterator[list[socketio.AsyncClient]]:
    made: list[socketio.AsyncClient] = []
    yield made
    for client in made:
        if client.connected:
            await client.disconnect()


async def connect(
    made: list[socketio.AsyncClient], url: str, auth: Any, **kwargs: Any
) -> socketio.AsyncClient:
    try:
        import aiohttp  # noqa: F401  (python-socketio's AsyncClient needs it)
    except ImportError:
        pytest.fail("aiohttp is not installed: run `make setup`", pytrace=False)
    client = socketio.AsyncClient(reconnection=False)
    made.append(client)
    await client.connect(url, auth=auth, transports=["websocket"], wait_timeout=3, **kwargs)
    return client


async def test_history(url, clients, clock) -> None:  # type: ignore[no-untyped-def]
    """1. join's ack carries the room's last 20 messages, oldest first."""
    alice = await connect(clients, url, {"name": "alice"})
    await alice.call("join", {"room": "lobby"}, timeout=3)
    for i in range(25):
        clock.advance(1)  # keep alice under the rate limit
        ack = await alice.call("message", {"room": "lobby", "text": f"#{i}"}, timeout=3)
        assert ack["ok"], ack
    bob = await connect(clients, url, {"name": "bob"})
    ack = await bob.call("join", {"room": "lobby"}, timeout=3)
    history = ack.get("history")
    assert history is not None, "the join ack has no 'history'"
    assert [m["text"] for m in history] == [f"#{i}" for i in range(5, 25)]
    assert {"id", "room", "from", "text", "at"} <= history[0].keys()
    assert history[0]["from"] == "alice" and history[0]["room"] == "lobby"
    other = await bob.call("join", {"room": "empty"}, timeout=3)
    assert other["history"] == []


async def test_delivery_receipts(url, clients) -> None:  # type: ignore[no-untyped-def]
    """2. a private message's ack says how many connections of the recipient it was sent to."""
    alice = await connect(clients, url, {"name": "alice"})
    await connect(clients, url, {"name": "bob"})
    await connect(clients, url, {"name": "bob"})
    ack = await alice.call("private", {"to": "bob", "text": "two tabs?"}, timeout=3)
    assert ack["ok"] and ack.get("delivered") == 2, ack
    await connect(clients, url, {"name": "carol"})
    ack = await alice.call("private", {"to": "carol", "text": "one tab"}, timeout=3)
    assert ack.get("delivered") == 1, ack


async def test_admin_namespace(url, clients) -> None:  # type: ignore[no-untyped-def]
    """3. /admin: with auth {"key": "let-me-in"}, `kick` {"name"} disconnects all of a user."""
    alice = await connect(clients, url, {"name": "alice"})
    bob_tabs = [await connect(clients, url, {"name": "bob"}) for _ in range(2)]
    left: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    def on_presence(event: dict[str, Any]) -> None:
        if event["action"] == "left":
            left.put_nowait(event)

    alice.on("presence", on_presence)
    await alice.call("join", {"room": "lobby"}, timeout=3)
    for tab in bob_tabs:
        await tab.call("join", {"room": "lobby"}, timeout=3)

    with pytest.raises(socketio.exceptions.ConnectionError):
        await connect(clients, url, {"key": "guess"}, namespaces=["/admin"])
    admin = await connect(clients, url, {"key": "let-me-in"}, namespaces=["/admin"])
    ack = await admin.call("kick", {"name": "bob"}, namespace="/admin", timeout=3)
    assert ack == {"ok": True, "kicked": 2}
    event = await asyncio.wait_for(left.get(), 3)
    assert event["user"] == "bob"
    for tab in bob_tabs:
        for _ in range(300):  # poll, with a deadline, for the client to notice
            if not tab.connected:
                break
            await asyncio.sleep(0.01)
        assert not tab.connected
    ack = await admin.call("kick", {"name": "nobody"}, namespace="/admin", timeout=3)
    assert ack == {"ok": True, "kicked": 0}
