"""SDP is the contract two peers sign before a single packet flows: read one line by line.

An *offer* (RFC 8866 syntax, used the way JSEP, RFC 9429, prescribes) says: here are the media
and data I want to exchange (``m=`` sections), the codecs I can use (``a=rtpmap``), how to
reach me (``a=candidate``), the password for my connectivity checks (``a=ice-ufrag/pwd``) and
the hash of the certificate I will show in the DTLS handshake (``a=fingerprint``). The
*answer* picks from it. ``sample_offer()`` makes a real one with aiortc; ``annotate()`` says
what each line means; ``check_offer()`` is the guard in front of the parser — an offer comes
from a stranger, and aiortc happily "answers" an empty string.
"""

from __future__ import annotations

import re

from shared.errors import DomainError

#: an offer from a browser is 3–10 KB; anything this big is not one
MAX_SDP = 64 * 1024
MAX_SECTIONS = 8

# (prefix, meaning), first match wins: longer prefixes before shorter ones.
MEANINGS: tuple[tuple[str, str], ...] = (
    ("v=", "protocol version: always 0"),
    ("o=", "origin: user, session id and version (bumped on renegotiation), address unused"),
    ("s=", "session name: '-' for none"),
    ("t=", "timing: '0 0' means the session is not bounded in time"),
    ("a=group:BUNDLE", "BUNDLE: these m= sections share ONE transport — one ICE pair, one DTLS"),
    ("a=msid-semantic", "media stream ids follow (WMS: WebRTC media streams)"),
    ("a=ice-options:trickle", "trickle ICE: more candidates may arrive after this SDP"),
    (
        "m=application",
        "data section: SCTP inside DTLS inside UDP ('webrtc-datachannel'); port of 1st candidate",
    ),
    ("m=video", "video section: RTP over DTLS-SRTP with feedback (SAVPF); the payload types"),
    ("m=audio", "audio section: RTP over DTLS-SRTP with feedback (SAVPF); the payload types"),
    ("c=", "connection address: legacy; ICE candidates decide where packets really go"),
    ("a=sendrecv", "direction: this side sends and receives on this section"),
    ("a=recvonly", "direction: this side only receives"),
    ("a=sendonly", "direction: this side only sends"),
    ("a=inactive", "direction: nothing flows"),
    ("a=extmap", "an RTP header extension and the id it gets in packets"),
    ("a=mid:", "media id: names this section (BUNDLE and candidates refer to it)"),
    ("a=msid:", "which media stream and track this section carries"),
    ("a=rtcp-mux", "RTCP (reports, feedback) shares the RTP port"),
    ("a=rtcp-fb", "feedback the codec accepts: nack = resend, pli = send a key frame, remb = bw"),
    ("a=rtcp:", "RTCP port (unused: rtcp-mux)"),
    ("a=ssrc-group:FID", "pairs a stream's SSRC with the SSRC of its retransmissions (rtx)"),
    ("a=ssrc:", "synchronisation source: the id in every RTP packet of one stream"),
    ("a=rtpmap", "payload type → codec/clock rate (90000 Hz for every video codec)"),
    ("a=fmtp", "codec parameters (for H.264: profile, level, packetization mode)"),
    ("a=candidate", "ICE candidate: foundation, component, udp, priority, address, port, type"),
    ("a=end-of-candidates", "gathering is finished: no more candidates for this section"),
    ("a=ice-ufrag", "ICE username fragment: the user name of this side's STUN checks"),
    ("a=ice-pwd", "ICE password: signs the STUN connectivity checks (short-term credential)"),
    ("a=fingerprint", "hash of this side's DTLS certificate: the handshake must show it"),
    ("a=setup:actpass", "DTLS role: the answerer chooses who starts the handshake"),
    ("a=setup:active", "DTLS role: this side starts the handshake (it is the DTLS client)"),
    ("a=setup:passive", "DTLS role: this side waits for the handshake (the DTLS server)"),
    ("a=sctp-port", "SCTP port inside the DTLS association (not a UDP port)"),
    ("a=max-message-size", "largest data-channel message this side accepts, in bytes"),
)


class BadOffer(DomainError):
    """The session description is not an offer we will hand to the WebRTC stack (400)."""

    status = 400
    type = "/problems/bad-sdp"
    title = "Bad session description"


def annotate(sdp: str) -> list[tuple[str, str]]:
    """Each line of ``sdp`` with what it means (``""`` for lines this lesson does not cover)."""
    return [(line, meaning(line)) for line in sdp.splitlines() if line]


def meaning(line: str) -> str:
    if line.startswith("a=candidate"):
        return _candidate_meaning(line)
    if line.startswith("a=rtpmap") and " rtx/" in line:
        return "payload type → rtx: retransmissions of lost packets (RFC 4588)"
    if line.startswith("a=fmtp") and "apt=" in line:
        return f"this rtx payload type retransmits payload type {line.rpartition('apt=')[2]}"
    return next((text for prefix, text in MEANINGS if line.startswith(prefix)), "")


def _candidate_meaning(line: str) -> str:
    fields = line.split()
    kind = fields[7] if len(fields) > 7 else "?"
    where = f"{fields[4]}:{fields[5]}" if len(fields) > 5 else "?"
    kinds = {
        "host": "an address of one of this machine's own interfaces",
        "srflx": "this side's public address, as a STUN server saw it (server reflexive)",
        "prflx": "an address learnt from the peer's checks (peer reflexive)",
        "relay": "an address on a TURN server that relays the traffic",
    }
    return f"ICE candidate {where}, type {kind}: {kinds.get(kind, 'unknown type')}"


def format_annotated(sdp: str, width: int = 44) -> str:
    """The annotated SDP as text, meanings in a column: what the demo prints."""
    out = []
    for line, text in annotate(sdp):
        shown = line if len(line) <= width else line[: width - 1] + "…"
        out.append(f"{shown:<{width}}  {text}".rstrip())
    return "\n".join(out)


_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")


def check_offer(sdp: str) -> str:
    """``sdp`` if it looks like a WebRTC offer, else ``BadOffer`` saying what is wrong.

    Not a full parser — aiortc has one — but the checks it skips: an offer with no media, no
    ICE credentials or no certificate fingerprint cannot lead to a secure connection, and the
    size and section limits keep one request from costing the server more than one call.
    """
    if len(sdp) > MAX_SDP:
        raise BadOffer(f"SDP larger than {MAX_SDP} characters")
    if _CONTROL.search(sdp):
        raise BadOffer("SDP contains control characters")
    lines = sdp.splitlines()
    if not lines or lines[0] != "v=0":
        raise BadOffer("SDP must start with 'v=0'")
    sections = [line for line in lines if line.startswith("m=")]
    if not sections:
        raise BadOffer("SDP has no m= section: nothing to exchange")
    if len(sections) > MAX_SECTIONS:
        raise BadOffer(f"SDP has more than {MAX_SECTIONS} m= sections")
    for section in sections:
        kind = section[2:].split(" ", 1)[0]
        if kind not in ("audio", "video", "application"):
            raise BadOffer(f"unknown media kind {kind[:20]!r}")
    for needed in ("a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:"):
        if not any(line.startswith(needed) for line in lines):
            raise BadOffer(f"SDP has no {needed[:-1]} line")
    return sdp


async def sample_offer() -> str:
    """A real offer from aiortc: one video section (sendrecv) and one data channel."""
    from aiortc import RTCPeerConnection  # noqa: PLC0415 - aiortc is heavy: load on first use

    from day34_webrtc.media import CounterBars  # noqa: PLC0415
    from day34_webrtc.peer import ice_config  # noqa: PLC0415

    pc = RTCPeerConnection(ice_config())
    try:
        pc.addTrack(CounterBars())
        pc.createDataChannel("chat")
        # aiortc gathers every candidate inside setLocalDescription (no trickle), so the SDP it
        # leaves behind already lists them — unlike a browser's first offer.
        await pc.setLocalDescription(await pc.createOffer())
        return pc.localDescription.sdp
    finally:
        await pc.close()
