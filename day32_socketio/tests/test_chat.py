"""Events, rooms and acknowledgements, with python-socketio clients over a real uvicorn."""

from __future__ import annotations

import re


async def test_a_message_reaches_the_room_and_the_ack_carries_its_id(peer) -> None:  # type: ignore[no-untyped-def]
    alice, bob = await peer("alice"), await peer("bob")
    await alice.join("lobby")
    await bob.join("lobby")

    ack = await alice.call("message", {"room": "lobby", "text": "hello, bob"})
    assert ack["ok"] is True
    assert re.fullmatch(r"[0-9a-f]{32}", ack["id"]) and ack["at"].endswith("+00:00")

    got = await bob.next("message")
    assert got == {
        "id": ack["id"],  # the id the sender was acknowledged with is the one the room sees
        "at": ack["at"],
        "room": "lobby",
        "from": "alice",
        "text": "hello, bob",
    }
    # The sender is skipped (Node's socket.to(room).emit): the ack is its confirmation.
    await bob.call("message", {"room": "lobby", "text": "hi alice"})
    assert (await alice.next("message"))["text"] == "hi alice"
    assert alice.received("message") == []


async def test_a_client_outside_the_room_gets_nothing(peer) -> None:  # type: ignore[no-untyped-def]
    alice, bob, carol = await peer("alice"), await peer("bob"), await peer("carol")
    await alice.join("lobby")
    await bob.join("lobby")
    await carol.join("games")
    await alice.join("games")
    assert (await carol.next("presence"))["user"] == "alice"  # alice joined games

    await alice.call("message", {"room": "lobby", "text": "lobby only"})
    await alice.call("message", {"room": "games", "text": "games only"})
    # alice's events are handled in order, and carol's socket delivers in order: once the
    # games message is in, the lobby one would have arrived before it if it were coming.
    assert (await carol.next("message"))["text"] == "games only"
    assert carol.received("message") == []
    assert (await bob.next("message"))["text"] == "lobby only"
    assert bob.received("message") == []


async def test_typing_is_shown_to_the_others_in_the_room(peer) -> None:  # type: ignore[no-untyped-def]
    alice, bob = await peer("alice"), await peer("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    assert await alice.call("typing", {"room": "lobby", "typing": True}) == {"ok": True}
    assert await bob.next("typing") == {"room": "lobby", "user": "alice", "typing": True}
    await alice.call("typing", {"room": "lobby", "typing": False})
    assert (await bob.next("typing"))["typing"] is False
    assert alice.received("typing") == []


async def test_one_clients_messages_arrive_in_the_order_sent(peer) -> None:  # type: ignore[no-untyped-def]
    alice, bob = await peer("alice"), await peer("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    # Fire without waiting for acks: async_handlers=False keeps them in order on the server.
    for i in range(8):
        await alice.client.emit("message", {"room": "lobby", "text": f"#{i}"})
    texts = [(await bob.next("message"))["text"] for _ in range(8)]
    assert texts == [f"#{i}" for i in range(8)]


async def test_join_is_idempotent_and_leave_stops_delivery(peer) -> None:  # type: ignore[no-untyped-def]
    alice, bob = await peer("alice"), await peer("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    again = await bob.call("join", {"room": "lobby"})
    assert again == {"ok": True, "room": "lobby", "members": ["alice", "bob"]}

    assert await bob.call("leave", {"room": "lobby"}) == {"ok": True, "room": "lobby"}
    await alice.call("message", {"room": "lobby", "text": "anyone?"})
    await alice.call("private", {"to": "bob", "text": "barrier"})
    assert (await bob.next("private"))["text"] == "barrier"
    assert bob.received("message") == []
