"""Signalling over Socket.IO against a real uvicorn: relay in a room, and calls to the Python peer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from day34_webrtc.caller import call_python_peer
from day34_webrtc.loopback import no_other_tasks
from day34_webrtc.media import read_counter
from day34_webrtc.sdp import sample_offer
from day34_webrtc.tests.conftest import WAIT_S, eventually

CANDIDATE = {
    "candidate": "candidate:1 1 udp 2130706431 192.0.2.7 50000 typ host generation 0",
    "sdpMid": "0",
    "sdpMLineIndex": 0,
    "usernameFragment": "abcd",
}


async def test_offer_answer_and_candidates_are_relayed_to_the_other_peer_in_the_room(
    clients: Callable[[], Any],
) -> None:
    alice, bob = await clients(), await clients()
    assert await alice.call("join", {"room": "call-1"}) == {
        "ok": True,
        "room": "call-1",
        "peers": [],
    }
    joined = await bob.call("join", {"room": "call-1"})
    assert joined["peers"] == [alice.sid]
    assert await alice.next("peer-joined") == {"sid": bob.sid}

    offer = {"type": "offer", "sdp": await sample_offer()}
    assert await alice.call("signal", {"description": offer}) == {"ok": True, "relayed_to": 1}
    # Relayed byte for byte: the server passes SDP on, it does not rewrite it.
    assert await bob.next("signal") == {"from": alice.sid, "description": offer}

    answer = {"type": "answer", "sdp": "v=0\r\n"}
    await bob.call("signal", {"description": answer})
    assert await alice.next("signal") == {"from": bob.sid, "description": answer}

    await alice.call("signal", {"candidate": CANDIDATE})
    assert await bob.next("signal") == {"from": alice.sid, "candidate": CANDIDATE}
    await alice.call("signal", {"end_of_candidates": True})
    assert await bob.next("signal") == {"from": alice.sid, "end_of_candidates": True}
    assert alice.queues["signal"].empty(), "nothing is echoed back to the sender"

    gone = alice.sid
    await alice.sio.disconnect()
    assert await bob.next("peer-left") == {"sid": gone}


async def test_a_room_is_a_call_of_two(clients: Callable[[], Any]) -> None:
    first, second, third = await clients(), await clients(), await clients()
    for client in (first, second):
        assert (await client.call("join", {"room": "pair"}))["ok"]
    refused = await third.call("join", {"room": "pair"})
    assert refused["ok"] is False and refused["error"] == "room-full"
    refused = await third.call("signal", {"description": {"type": "offer", "sdp": "v=0"}})
    assert refused == {
        "ok": False,
        "error": "not-in-room",
        "detail": "join a room before signalling",
    }
    assert first.queues["signal"].empty() and second.queues["signal"].empty()


async def test_a_python_caller_talks_to_the_python_peer_over_socketio_signalling(url: str) -> None:
    async with call_python_peer(url) as call:
        # The data channel: uppercase, echo, ping with the caller's timestamp sent back.
        assert await call.request({"type": "upper", "text": "hi, peer"}) == {
            "type": "upper",
            "text": "HI, PEER",
        }
        pong = await call.request({"type": "ping", "id": 7, "t": 1234.5})
        assert (pong["type"], pong["id"], pong["t"]) == ("pong", 7, 1234.5)
        assert pong["server_t"] > 0

        # The generated video: 320x240 frames whose counters count up.
        counters = []
        for _ in range(5):
            frame = await call.track.recv()
            assert (frame.width, frame.height) == (320, 240)
            counters.append(read_counter(frame))
        assert counters == sorted(counters) and len(set(counters)) == 5

        # A late (trickled) candidate for this call is accepted by the Python peer.
        ack = await call.sio.call(
            "candidate", {"peer_id": call.peer_id, "candidate": CANDIDATE}, timeout=WAIT_S
        )
        assert ack == {"ok": True}

        stats = await call.request({"type": "stats"})
        assert stats["peer_id"] == call.peer_id and stats["frames_sent"] >= 5
        async with httpx.AsyncClient(base_url=url) as http:
            (listed,) = (await http.get("/peers")).json()
            assert listed["peer_id"] == call.peer_id and listed["connection"] == "connected"
    # Leaving the block hangs up: the server closes the peer, and nothing is left running here.
    assert await no_other_tasks() == []
    async with httpx.AsyncClient(base_url=url) as http:
        assert (await http.get("/peers")).json() == []


async def test_a_vanished_socket_takes_its_peers_with_it(url: str, app: Any) -> None:
    async with call_python_peer(url) as call:
        assert len(app.state.peers) == 1
        await call.sio.disconnect()  # no hangup: the tab was closed
        async with httpx.AsyncClient(base_url=url) as http:

            async def no_peers() -> bool:
                return (await http.get("/peers")).json() == []

            assert await eventually(no_peers)
