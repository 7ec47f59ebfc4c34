"""Bad input: an error in the ack (never a crash), a 4xx problem over HTTP, nothing broadcast."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import socketio

import day33_websocket_scaling.rooms
from day33_websocket_scaling.app import MAX_PACKET_BYTES
from day33_websocket_scaling.payloads import MAX_TEXT
from day33_websocket_scaling.reconnect import Member

from .conftest import cluster_info, until


@pytest.fixture
async def node(start_node, member) -> tuple[str, Member]:  # type: ignore[no-untyped-def]
    """A node, and a member of ``news`` who must hear nothing from bad input."""
    url = start_node(node_id="n")
    listener = member()
    await listener.connect(url)
    await listener.join("news")
    return url, listener


BAD_EVENTS: list[tuple[str, Any, str]] = [
    ("join", None, "invalid"),
    ("join", "news", "invalid"),
    ("join", {"room": "News"}, "invalid"),
    ("join", {"room": "x" * 33}, "invalid"),
    ("join", {"room": "news", "admin": True}, "invalid"),
    ("join", ("news", "sport"), "invalid"),  # two arguments
    ("leave", {"room": "nowhere"}, "not_in_room"),
    ("broadcast", {"room": "news"}, "invalid"),
    ("broadcast", {"room": "news", "text": ""}, "invalid"),
    ("broadcast", {"room": "news", "text": "x" * (MAX_TEXT + 1)}, "invalid"),
    ("broadcast", {"room": "news", "text": 42}, "invalid"),
    ("broadcast", [{"room": "news", "text": "hi"}], "invalid"),
    ("shout", {"room": "news"}, "unknown_event"),
]


async def test_bad_events_are_answered_in_the_ack(node, member) -> None:  # type: ignore[no-untyped-def]
    url, listener = node
    sender = member()
    await sender.connect(url)
    for event, data, code in BAD_EVENTS:
        ack = await sender.client.call(event, data, timeout=3)
        assert ack["ok"] is False and ack["error"]["code"] == code, (event, data, ack)
    invalid = await sender.client.call("broadcast", {"room": "news", "text": ""}, timeout=3)
    assert invalid["error"]["fields"] == [
        {
            "loc": ["text"],
            "msg": "String should have at least 1 character",
            "type": "string_too_short",
        }
    ]
    # The connection lives on, nothing was broadcast, nobody joined anything.
    assert (await sender.client.call("join", {"room": "sport"}, timeout=3))["ok"]
    info = await cluster_info(url)
    assert info["published"] == 0 and info["rooms"] == {"news": 1, "sport": 1}
    assert listener.messages == [] and sender.connects == 1


async def test_a_failing_handler_answers_internal(node, member, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url, listener = node

    async def broken(*args: Any) -> dict[str, Any]:
        raise RuntimeError("Redis fell over")

    monkeypatch.setattr(day33_websocket_scaling.rooms, "publish", broken)
    sender = member()
    await sender.connect(url)
    ack = await sender.client.call("broadcast", {"room": "news", "text": "hi"}, timeout=3)
    assert ack == {
        "ok": False,
        "error": {"code": "internal", "detail": "the server failed to handle this event"},
    }
    assert sender.client.connected and listener.messages == []


async def test_an_oversized_packet_closes_only_that_connection(node) -> None:  # type: ignore[no-untyped-def]
    url, listener = node
    big = socketio.AsyncClient(reconnection=False)
    gone: list[Any] = []
    big.on("disconnect", gone.append)
    await big.connect(url, transports=["websocket"])
    await big.emit("broadcast", {"room": "news", "text": "x" * MAX_PACKET_BYTES})
    await until(lambda: bool(gone), "the oversized sender disconnected")
    assert listener.client.connected and listener.messages == []
    assert (await cluster_info(url))["published"] == 0


BAD_BODIES: list[tuple[str, dict[str, Any]]] = [
    ("news", {"json": {"text": ""}}),
    ("news", {"json": {"text": "x" * (MAX_TEXT + 1)}}),
    ("news", {"json": {"text": 5}}),
    ("news", {"json": {"txt": "hi"}}),
    ("news", {"json": {"text": "hi", "extra": 1}}),
    ("news", {"json": ["hi"]}),
    ("news", {"content": b"{not json", "headers": {"content-type": "application/json"}}),
    ("News", {"json": {"text": "hi"}}),
    ("x" * 33, {"json": {"text": "hi"}}),
]


async def test_bad_http_broadcasts_get_422_and_send_nothing(node) -> None:  # type: ignore[no-untyped-def]
    url, listener = node
    async with httpx.AsyncClient(base_url=url) as http:
        for room, request in BAD_BODIES:
            r = await http.post(f"/rooms/{room}/messages", **request)
            assert r.status_code == 422, (room, request, r.text)
            assert r.headers["content-type"] == "application/problem+json"
            assert r.json()["errors"], r.json()
        # …while a good one goes through, and is the only thing the listener ever gets.
        assert (await http.post("/rooms/news/messages", json={"text": "ok"})).status_code == 202
    await until(lambda: len(listener.messages) == 1, "the one good message")
    assert listener.messages[0]["text"] == "ok"
    assert (await cluster_info(url))["published"] == 1
