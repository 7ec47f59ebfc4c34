"""A real aiortc offer, annotated: every line the README explains is there and explained."""

from __future__ import annotations

import re
from typing import Any

import pytest

from day34_webrtc.app import create_app
from day34_webrtc.peer import ice_config
from day34_webrtc.sdp import BadOffer, annotate, check_offer, format_annotated, sample_offer


@pytest.fixture
async def offer() -> str:
    return await sample_offer()


async def test_a_real_offer_has_every_line_the_lesson_explains(offer: str) -> None:
    lines = offer.splitlines()
    assert lines[0] == "v=0" and lines[1].startswith("o=")
    sections = [line.split()[0] for line in lines if line.startswith("m=")]
    assert sections == ["m=video", "m=application"]  # one video track, one data channel
    for needed in (
        "a=group:BUNDLE 0 1",
        "a=rtpmap:97 VP8/90000",
        "a=sctp-port:5000",
        "a=setup:actpass",
        "a=ice-ufrag:",
        "a=ice-pwd:",
        "a=fingerprint:sha-256 ",
        "a=candidate:",
        "a=end-of-candidates",
    ):
        assert needed in offer, needed
    assert "UDP/DTLS/SCTP webrtc-datachannel" in offer and "UDP/TLS/RTP/SAVPF" in offer


async def test_every_important_line_gets_its_meaning(offer: str) -> None:
    explained = dict(annotate(offer))
    for prefix, words in (
        ("v=", "version"),
        ("o=", "origin"),
        ("m=video", "SRTP"),
        ("m=application", "SCTP"),
        ("a=ice-ufrag", "ICE"),
        ("a=ice-pwd", "password"),
        ("a=fingerprint", "certificate"),
        ("a=candidate", "type host"),
        ("a=sctp-port", "SCTP"),
        ("a=rtpmap:97", "codec"),
        ("a=group:BUNDLE", "ONE transport"),
    ):
        line = next(line for line in explained if line.startswith(prefix))
        assert words in explained[line], (line, explained[line])
    assert "ICE candidate" in format_annotated(offer)


async def test_on_one_machine_only_host_candidates_are_gathered(offer: str) -> None:
    # No STUN server configured (iceServers=[], not aiortc's default Google STUN)…
    assert ice_config().iceServers == []
    candidates = re.findall(r"a=candidate:.* typ (\w+)", offer)
    # …so every candidate is an address of this machine: no srflx (STUN), no relay (TURN).
    assert candidates and set(candidates) == {"host"}


async def test_the_endpoint_shows_a_fresh_annotated_offer(client_for: Any) -> None:
    async with client_for(create_app()) as client:
        first = (await client.get("/sdp/offer")).json()
        second = (await client.get("/sdp/offer")).json()
    assert first["sdp"].startswith("v=0") and first["lines"][0] == {
        "line": "v=0",
        "meaning": "protocol version: always 0",
    }
    # A new peer each time: new ICE credentials and a new certificate.
    pwd = re.compile(r"a=ice-pwd:(\S+)")
    assert pwd.search(first["sdp"])[1] != pwd.search(second["sdp"])[1]  # type: ignore[index]


@pytest.mark.parametrize(
    ("sdp", "why"),
    [
        ("", "v=0"),
        ("hello", "v=0"),
        ("v=0\r\ns=-\r\n", "no m= section"),
        ("v=0\r\nm=text 9 X 0\r\n", "unknown media kind"),
        ("v=0\r\n" + "m=audio 9 X 0\r\n" * 9, "more than 8"),
        ("v=0\r\nm=audio 9 X 0\r\na=ice-ufrag:a\r\na=ice-pwd:b\r\n", "fingerprint"),
        ("v=0\r\nm=audio 9 X 0\r\na=fingerprint:x\r\n", "ice-ufrag"),
        ("v=0\r\nm=audio\x07 9 X 0\r\n", "control characters"),
    ],
)
def test_check_offer_refuses_what_cannot_be_a_webrtc_offer(sdp: str, why: str) -> None:
    with pytest.raises(BadOffer, match=why):
        check_offer(sdp)


async def test_check_offer_accepts_a_real_offer(offer: str) -> None:
    assert check_offer(offer) == offer
