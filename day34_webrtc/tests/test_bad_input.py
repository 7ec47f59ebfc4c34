"""Bad signalling never crashes anything: an error acknowledgement or a 4xx problem, nothing kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from day34_webrtc.app import create_app
from day34_webrtc.sdp import MAX_SDP, sample_offer
from day34_webrtc.signalling import MAX_PACKET
from day34_webrtc.tests.conftest import eventually

GOOD_CANDIDATE = {"candidate": "candidate:1 1 udp 1 192.0.2.7 5000 typ host", "sdpMid": "0"}
NOT_AN_OFFER = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"


BAD_PAYLOADS: list[tuple[str, Any, str]] = [
    ("offer", None, "invalid-payload"),
    ("offer", "v=0", "invalid-payload"),
    ("offer", [1, 2], "invalid-payload"),
    ("offer", {"sdp": "v=0"}, "invalid-payload"),  # no type
    ("offer", {"type": "answer", "sdp": "v=0"}, "invalid-payload"),  # not an offer
    ("offer", {"type": "offer", "sdp": 42}, "invalid-payload"),
    ("offer", {"type": "offer", "sdp": "v=0", "extra": 1}, "invalid-payload"),
    ("offer", {"type": "offer", "sdp": "v=0\r\n" + "a" * MAX_SDP}, "invalid-payload"),
    ("offer", {"type": "offer", "sdp": ""}, "bad-sdp"),
    ("offer", {"type": "offer", "sdp": "hello"}, "bad-sdp"),
    ("offer", {"type": "offer", "sdp": NOT_AN_OFFER}, "bad-sdp"),  # no m= section
    ("offer", {"type": "offer", "sdp": NOT_AN_OFFER + "m=video 9 X 96\r\n"}, "bad-sdp"),
    ("offer", {"type": "offer", "sdp": NOT_AN_OFFER + "m=fax 9 X 9\r\n"}, "bad-sdp"),
    ("offer", {"type": "offer", "sdp": "v=0\r\n\x00"}, "bad-sdp"),
    ("candidate", {"peer_id": "nope", "candidate": GOOD_CANDIDATE}, "not-found"),
    ("candidate", {"peer_id": "nope"}, "invalid-payload"),
    ("candidate", {"peer_id": "x", "candidate": {"candidate": 5}}, "invalid-payload"),
    (
        "candidate",
        {"peer_id": "x", "candidate": {**GOOD_CANDIDATE, "sdpMid": "m" * 33}},
        "invalid-payload",
    ),
    ("hangup", {"peer_id": "nope"}, "not-found"),
    ("hangup", {}, "invalid-payload"),
    ("join", {"room": "../etc"}, "invalid-payload"),
    ("join", {"room": "r" * 65}, "invalid-payload"),
    ("join", "lobby", "invalid-payload"),
    ("signal", {}, "invalid-payload"),  # neither description nor candidate
    (
        "signal",
        {"description": {"type": "offer", "sdp": "v=0"}, "candidate": GOOD_CANDIDATE},
        "invalid-payload",
    ),
    ("signal", {"description": {"type": "pranswer", "sdp": "v=0"}}, "invalid-payload"),
]


async def test_bad_payloads_get_an_error_acknowledgement_and_change_nothing(
    clients: Callable[[], Any], app: Any
) -> None:
    client = await clients()
    # A real offer, broken in a way only the WebRTC stack's own parser notices.
    broken = (await sample_offer()).replace("a=setup:actpass", "a=setup:bogus")
    cases = [*BAD_PAYLOADS, ("offer", {"type": "offer", "sdp": broken}, "bad-sdp")]
    for event, payload, error in cases:
        ack = await client.call(event, payload)
        assert ack["ok"] is False and ack["error"] == error, (event, payload, ack)
        assert isinstance(ack["detail"], str) and len(ack["detail"]) < 500
        assert len(app.state.peers) == 0, "a refused offer leaves no peer behind"
    # …and the connection is still good for a correct request.
    assert (await client.call("join", {"room": "still-here"}))["ok"]


async def test_bad_candidates_for_a_real_call_are_refused_and_the_call_survives(
    clients: Callable[[], Any], app: Any
) -> None:
    client = await clients()
    answer = await client.call("offer", {"type": "offer", "sdp": await sample_offer()})
    assert answer["ok"] and answer["type"] == "answer"
    peer_id = answer["peer_id"]
    for line in ("candidate:garbage", "candidate:1 1 udp 1 a b typ host", "x" * 1000):
        ack = await client.call(
            "candidate", {"peer_id": peer_id, "candidate": {**GOOD_CANDIDATE, "candidate": line}}
        )
        assert ack["error"] == "bad-sdp", ack
    ack = await client.call(
        "candidate", {"peer_id": peer_id, "candidate": {"candidate": GOOD_CANDIDATE["candidate"]}}
    )
    assert ack["error"] == "bad-sdp" and "sdpMid" in ack["detail"]
    # Someone else's call is "not found", exactly like one that does not exist.
    stranger = await clients()
    ack = await stranger.call("hangup", {"peer_id": peer_id})
    assert ack["error"] == "not-found"
    assert len(app.state.peers) == 1
    assert await client.call("hangup", {"peer_id": peer_id}) == {"ok": True}
    assert len(app.state.peers) == 0


async def test_a_packet_over_the_limit_drops_that_connection_only(
    clients: Callable[[], Any], url: str
) -> None:
    bystander = await clients()
    flooder = await clients()
    disconnected = []
    flooder.sio.on("disconnect", lambda *_: disconnected.append(True))
    await flooder.sio.emit("offer", {"type": "offer", "sdp": "v" * (MAX_PACKET + 1)})

    async def dropped() -> bool:
        return bool(disconnected)

    assert await eventually(dropped), "Engine.IO closes a connection that sends too much"
    assert (await bystander.call("join", {"room": "fine"}))["ok"]
    async with httpx.AsyncClient(base_url=url) as http:
        assert (await http.get("/health")).status_code == 200


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"type": "offer", "sdp": "hello"}, 400),
        ({"type": "offer", "sdp": NOT_AN_OFFER}, 400),
        ({"type": "answer", "sdp": "v=0"}, 422),
        ({"type": "offer"}, 422),
        ({"type": "offer", "sdp": "v=0", "peer": "x"}, 422),
        ({"type": "offer", "sdp": "x" * (MAX_SDP + 1)}, 422),
        ("not an object", 422),
    ],
)
async def test_post_offer_refuses_bad_bodies_with_a_problem(
    client_for: Any, body: Any, status: int
) -> None:
    app = create_app()
    async with client_for(app) as client:
        response = await client.post("/offer", json=body)
        assert response.status_code == status, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert len(app.state.peers) == 0 and (await client.get("/peers")).json() == []


async def test_post_offer_over_the_body_limit_is_413(client_for: Any) -> None:
    app = create_app()
    async with client_for(app) as client:
        huge = '{"type": "offer", "sdp": "' + "v" * 1_100_000 + '"}'
        response = await client.post(
            "/offer", content=huge, headers={"content-type": "application/json"}
        )
        assert response.status_code == 413
        assert len(app.state.peers) == 0


async def test_peers_are_capped_and_a_hangup_frees_a_place(client_for: Any) -> None:
    app = create_app(max_peers=1)
    async with client_for(app) as client:
        first = await client.post("/offer", json={"type": "offer", "sdp": await sample_offer()})
        assert first.status_code == 200, first.text
        busy = await client.post("/offer", json={"type": "offer", "sdp": await sample_offer()})
        assert busy.status_code == 503
        assert busy.json()["type"] == "/problems/too-many-peers"
        assert len(app.state.peers) == 1
        assert (await client.delete(f"/peers/{first.json()['peer_id']}")).status_code == 204
        assert (await client.delete(f"/peers/{first.json()['peer_id']}")).status_code == 404
        again = await client.post("/offer", json={"type": "offer", "sdp": await sample_offer()})
        assert again.status_code == 200
    # Leaving the app's lifespan closed the peer still open.
    assert len(app.state.peers) == 0
