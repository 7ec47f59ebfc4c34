"""Two aiortc peers over this machine's network: data-channel messages and video frames flow."""

from __future__ import annotations

import asyncio
import re

import pytest

from day34_webrtc.loopback import ConnectionFailed, connected_pair, no_other_tasks
from day34_webrtc.media import HEIGHT, WIDTH, read_counter

FRAMES = 12


async def test_data_channel_messages_arrive_in_order_both_ways_text_and_binary() -> None:
    async with connected_pair(video=False) as pair:
        inbox: asyncio.Queue[str | bytes] = asyncio.Queue()
        pair.remote_channel.on("message", inbox.put_nowait)
        replies: asyncio.Queue[str | bytes] = asyncio.Queue()
        pair.channel.on("message", replies.put_nowait)

        sent = [f"message {i}" for i in range(50)] + [bytes(range(256)) * 64]  # 16 KiB binary
        for message in sent:
            pair.channel.send(message)
        received = [await asyncio.wait_for(inbox.get(), 5) for _ in sent]
        assert received == sent  # ordered and reliable by default, bytes stay bytes

        pair.remote_channel.send("and back")
        assert await asyncio.wait_for(replies.get(), 5) == "and back"
        assert pair.remote_channel.label == "chat"  # announced to the callee by SCTP (DCEP)
    assert await no_other_tasks() == [], "closing both peers leaves nothing running"


async def test_the_generated_video_arrives_decoded_full_size_and_in_order() -> None:
    async with connected_pair() as pair:
        assert pair.remote_track is not None and pair.remote_track.kind == "video"
        counters = []
        for _ in range(FRAMES):
            frame = await asyncio.wait_for(pair.remote_track.recv(), 5)
            assert (frame.width, frame.height) == (WIDTH, HEIGHT)
            counters.append(read_counter(frame))
        # Our own frames: the counters drawn by CounterBars, read back after VP8 and SRTP.
        assert counters == sorted(counters) and len(set(counters)) == FRAMES
        assert pair.track is not None and pair.track.frames_sent >= FRAMES
    assert await no_other_tasks() == []


async def test_dtls_and_sctp_run_under_the_data_channel_and_the_fingerprint_is_the_sdps() -> None:
    async with connected_pair(video=False) as pair:
        sctp = pair.caller.sctp
        assert sctp is not None and sctp.state == "connected"
        dtls = sctp.transport
        assert dtls.state == "connected" and dtls.transport.state == "completed"  # DTLS over ICE
        # The certificate the caller shows in DTLS is the one its SDP announced.
        ours = {(f.algorithm, f.value) for f in dtls.getLocalParameters().fingerprints}
        announced = set(re.findall(r"a=fingerprint:(\S+) (\S+)", pair.caller.localDescription.sdp))
        assert ours == announced
    assert await no_other_tasks() == []


def forge_fingerprints(sdp: str) -> str:
    """A man in the middle of signalling swaps the certificate hashes for his own."""
    return re.sub(
        r"a=fingerprint:(\S+) (\S+)",
        lambda m: f"a=fingerprint:{m[1]} " + ":".join(["AB"] * ((len(m[2]) + 1) // 3)),
        sdp,
    )


async def test_a_forged_fingerprint_makes_dtls_refuse_the_connection() -> None:
    with pytest.raises(ConnectionFailed, match="ICE completed"):
        # ICE succeeds (the addresses are real); the DTLS handshake then fails, because the
        # certificate the caller shows does not hash to what the callee was told to expect.
        async with connected_pair(video=False, edit_offer=forge_fingerprints):
            pytest.fail("connected despite a forged fingerprint")
    assert await no_other_tasks() == []
