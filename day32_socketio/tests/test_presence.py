"""Presence (who is in a room, join/leave/disconnect broadcasts) and private messages."""

from __future__ import annotations

from day32_socketio.presence import Presence

BOTH = ["alice", "bob"]


async def test_joining_tells_the_whole_room_who_is_there(peer) -> None:  # type: ignore[no-untyped-def]
    alice, bob = await peer("alice"), await peer("bob")
    ack = await alice.call("join", {"room": "lobby"})
    assert ack == {"ok": True, "room": "lobby", "members": ["alice"]}
    assert await alice.next("presence") == {
        "room": "lobby",
        "user": "alice",
        "action": "joined",
        "members": ["alice"],
    }
    ack = await bob.call("join", {"room": "lobby"})
    assert ack["members"] == ["alice", "bob"]
    for who in (alice, bob):  # the newcomer included: one event updates every member list
        seen = await who.next("presence")
        assert seen == {"room": "lobby", "user": "bob", "action": "joined", "members": BOTH}


async def test_leaving_is_announced_to_those_who_stay(peer) -> None:  # type: ignore[no-untyped-def]
    alice, bob = await peer("alice"), await peer("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    await alice.next("presence")  # bob joined
    await bob.call("leave", {"room": "lobby"})
    seen = await alice.next("presence")
    assert (seen["user"], seen["action"], seen["members"]) == ("bob", "left", ["alice"])
    assert await bob.call("leave", {"room": "lobby"}) == {
        "ok": False,
        "error": {"code": "not_in_room", "detail": "you are not in 'lobby'"},
    }


async def test_a_disconnect_is_cleaned_up_and_announced(peer, url) -> None:  # type: ignore[no-untyped-def]
    import httpx

    alice, bob = await peer("alice"), await peer("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    await bob.join("games")
    await alice.next("presence")  # bob joined lobby
    async with httpx.AsyncClient(base_url=url) as http:
        rooms = (await http.get("/rooms")).json()
        assert rooms == {
            "online": ["alice", "bob"],
            "rooms": {"games": ["bob"], "lobby": ["alice", "bob"]},
        }
        await bob.client.disconnect()  # a closed tab: no "leave" is ever sent
        seen = await alice.next("presence")
        assert (seen["user"], seen["action"], seen["members"]) == ("bob", "left", ["alice"])
        # Every trace of bob is gone: his rooms (an empty one is forgotten) and his name.
        assert (await http.get("/rooms")).json() == {
            "online": ["alice"],
            "rooms": {"lobby": ["alice"]},
        }
    ack = await alice.call("private", {"to": "bob", "text": "still there?"})
    assert ack["error"]["code"] == "no_such_user"


async def test_a_private_message_reaches_every_tab_of_its_recipient_only(peer) -> None:  # type: ignore[no-untyped-def]
    alice, bob_phone, bob_laptop, carol = (
        await peer("alice"),
        await peer("bob"),
        await peer("bob"),
        await peer("carol"),
    )
    ack = await alice.call("private", {"to": "bob", "text": "psst"})
    assert ack["ok"]
    for tab in (bob_phone, bob_laptop):  # both joined the personal room user:bob
        got = await tab.next("private")
        assert got == {**ack_fields(ack), "from": "alice", "to": "bob", "text": "psst"}
    await alice.call("private", {"to": "carol", "text": "barrier"})
    assert (await carol.next("private"))["text"] == "barrier"
    assert carol.received("private") == []  # carol never saw bob's message
    assert alice.received("private") == []


async def test_the_rooms_endpoint_lists_members_over_http(client_for, app) -> None:  # type: ignore[no-untyped-def]
    presence: Presence = app.state.presence
    presence.connect("sid-1", "alice")
    presence.join("lobby", "sid-1")
    async with client_for(app) as client:
        r = await client.get("/rooms")
    assert r.json() == {"online": ["alice"], "rooms": {"lobby": ["alice"]}}


def test_two_tabs_of_one_person_are_one_member_until_both_leave() -> None:
    p = Presence()
    p.connect("tab1", "bob")
    p.connect("tab2", "bob")
    assert p.join("lobby", "tab1") and p.join("lobby", "tab2")
    assert not p.join("lobby", "tab1")  # joining twice changes nothing
    assert p.members("lobby") == ["bob"]
    assert p.disconnect("tab1") == ["lobby"]
    assert p.members("lobby") == ["bob"] and p.is_online("bob")
    p.disconnect("tab2")
    assert p.snapshot() == {} and not p.is_online("bob")


def ack_fields(ack: dict) -> dict:
    return {"id": ack["id"], "at": ack["at"]}
