"""Untrusted input: every bad event is answered in its ack, nothing is delivered, nothing crashes."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import socketio

from day32_socketio.app import MAX_PACKET_BYTES
from day32_socketio.payloads import MAX_TEXT

BAD_MESSAGES: list[tuple[Any, list[Any]]] = [
    ("just a string", [[]]),
    ([], [[]]),
    ({"room": "lobby"}, [["text"]]),
    ({"room": "Lobby!", "text": "x"}, [["room"]]),
    ({"room": "lobby", "text": ""}, [["text"]]),
    ({"room": "lobby", "text": "x" * (MAX_TEXT + 1)}, [["text"]]),
    ({"room": "lobby", "text": "hi", "admin": True}, [["admin"]]),
    ({"room": 7, "text": ["not", "text"]}, [["room"], ["text"]]),
]


async def test_malformed_events_get_an_invalid_ack_and_deliver_nothing(peer, clock) -> None:  # type: ignore[no-untyped-def]
    alice, bob = await peer("alice"), await peer("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    for data, locs in BAD_MESSAGES:
        clock.advance(10)  # a full token bucket for each case: this test is not about the limit
        ack = await alice.call("message", data)
        assert ack["ok"] is False and ack["error"]["code"] == "invalid", (data, ack)
        assert [f["loc"] for f in ack["error"]["fields"]] == locs, data
        assert "x" * 50 not in str(ack)  # the input is never echoed back
    for args in [(), ({"room": "lobby", "text": "a"}, "extra")]:
        ack = await alice.call("message", *args)
        assert ack["error"] == {
            "code": "invalid",
            "detail": "send one object as the data of 'message'",
        }
    ack = await alice.call("typing", {"room": "lobby", "typing": "false"})
    assert ack["error"]["fields"][0]["type"] == "bool_type"

    await alice.call("message", {"room": "lobby", "text": "the only real one"})
    assert (await bob.next("message"))["text"] == "the only real one"
    assert bob.received("message") == [] and bob.received("typing") == []


async def test_domain_refusals_are_acks_too(peer, clock) -> None:  # type: ignore[no-untyped-def]
    alice = await peer("alice")
    ack = await alice.call("message", {"room": "lobby", "text": "not a member"})
    assert ack["error"]["code"] == "not_in_room"
    ack = await alice.call("typing", {"room": "lobby", "typing": True})
    assert ack["error"]["code"] == "not_in_room"
    ack = await alice.call("private", {"to": "nobody", "text": "hello?"})
    assert ack["error"] == {"code": "no_such_user", "detail": "nobody called 'nobody' is online"}
    ack = await alice.call("shout", {"text": "HELLO"})
    assert ack["error"] == {"code": "unknown_event", "detail": "no event called 'shout'"}
    clock.advance(10)
    for i in range(8):
        assert (await alice.call("join", {"room": f"r{i}"}))["ok"]
    clock.advance(10)
    ack = await alice.call("join", {"room": "one-too-many"})
    assert ack["error"]["code"] == "too_many_rooms"


async def test_a_flood_is_refused_until_the_bucket_refills(peer, clock) -> None:  # type: ignore[no-untyped-def]
    alice, bob = await peer("alice"), await peer("bob")
    await alice.join("lobby")  # 1 of alice's 10 tokens
    await bob.join("lobby")
    acks = [await alice.call("message", {"room": "lobby", "text": f"#{i}"}) for i in range(10)]
    assert [a["ok"] for a in acks] == [True] * 9 + [False]
    assert acks[-1]["error"]["code"] == "rate_limited"
    assert acks[-1]["error"]["retry_after"] == 0.5  # 2 tokens per second
    assert [(await bob.next("message"))["text"] for _ in range(9)] == [f"#{i}" for i in range(9)]

    assert (await bob.call("message", {"room": "lobby", "text": "bob's own bucket"}))["ok"]
    clock.advance(0.5)
    assert (await alice.call("message", {"room": "lobby", "text": "again"}))["ok"]


async def test_a_packet_over_the_limit_closes_only_that_connection(peer, url) -> None:  # type: ignore[no-untyped-def]
    alice, mallory = await peer("alice"), await peer("mallory")
    await alice.join("lobby")
    await mallory.join("lobby")
    assert (await alice.next("presence"))["user"] == "mallory"  # joined
    disconnected = asyncio.Event()
    mallory.client.on("disconnect", lambda *reason: disconnected.set())

    # Engine.IO refuses a packet above maxPayload before any handler sees it.
    await mallory.client.emit("message", {"room": "lobby", "text": "x" * MAX_PACKET_BYTES})
    await asyncio.wait_for(disconnected.wait(), 3)
    seen = await alice.next("presence")
    assert (seen["user"], seen["action"]) == ("mallory", "left")
    assert alice.received("message") == []
    # The server and everybody else carry on.
    assert (await alice.call("message", {"room": "lobby", "text": "still here"}))["ok"]
    async with httpx.AsyncClient(base_url=url) as http:
        assert (await http.get("/rooms")).json()["online"] == ["alice"]


async def test_a_connection_without_a_valid_name_is_refused(peer, url) -> None:  # type: ignore[no-untyped-def]
    for auth in [None, {}, {"name": ""}, {"name": "<script>"}, {"name": "a" * 25}, ["alice"]]:
        with pytest.raises(socketio.exceptions.ConnectionError):
            await peer("x", auth=auth)
    async with httpx.AsyncClient(base_url=url) as http:
        assert (await http.get("/rooms")).json() == {"online": [], "rooms": {}}


async def test_the_refusal_says_why(url, new_client) -> None:  # type: ignore[no-untyped-def]
    client = new_client()
    errors: list[Any] = []
    client.on("connect_error", errors.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(url, auth={"name": "no spaces"}, transports=["websocket"])
    [refusal] = errors
    assert refusal["message"].startswith('connect with auth {"name": "..."}')
    assert refusal["data"]["fields"][0]["loc"] == ["name"]


async def test_a_failing_handler_answers_internal_and_the_connection_lives_on(
    peer, app, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    alice = await peer("alice")

    def broken(room: str) -> list[str]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(app.state.presence, "members", broken)
    ack = await alice.call("join", {"room": "lobby"})
    assert ack["error"] == {"code": "internal", "detail": "the server failed to handle this event"}
    monkeypatch.undo()
    assert (await alice.call("join", {"room": "games"}))["ok"]
