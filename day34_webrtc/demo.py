"""``python -m day34_webrtc demo``: a WebRTC call narrated, from SDP to decoded video frames.

    python -m day34_webrtc demo                              # two peers in this process
    python -m day34_webrtc demo --url http://localhost:8034  # and call the running lesson

1. a real aiortc offer, every line annotated;
2. two peers connected on this machine: ICE, DTLS and SCTP states, the fingerprints;
3. the data channel: upper, echo, ping/pong with round-trip times, a bad message;
4. the video track: frames decoded on the far side, their counters read back;
5. with ``--url``: the same call to the lesson's Python peer, signalled over Socket.IO.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

from day34_webrtc.loopback import connected_pair, no_other_tasks
from day34_webrtc.media import read_counter
from day34_webrtc.protocol import reply
from day34_webrtc.sdp import format_annotated, sample_offer

FRAMES = 30


def heading(text: str) -> None:
    print(f"\n== {text} ==")


async def narrate(url: str | None, frames: int = FRAMES) -> int:
    heading("1 · A real offer from aiortc (video + data channel), line by line")
    print(format_annotated(await sample_offer()))

    heading("2 · Two peers on this machine, connected")
    started = time.perf_counter()
    async with connected_pair() as pair:
        took = (time.perf_counter() - started) * 1000
        sctp = pair.caller.sctp
        assert sctp is not None and pair.remote_track is not None
        dtls = sctp.transport
        ice = dtls.transport
        print(f"connected in {took:.0f} ms — signalling was two Python objects handed over")
        print(f"  ICE   {ice.state:<10} host candidates only, no STUN/TURN needed on one machine:")
        for candidate in ice.iceGatherer.getLocalCandidates():
            print(
                f"          {candidate.type} {candidate.protocol} {candidate.ip} {candidate.port}"
            )
        print(f"  DTLS  {dtls.state:<10} each side's certificate matched the SDP's a=fingerprint:")
        for fingerprint in dtls.getLocalParameters().fingerprints[:1]:
            print(f"          caller's: {fingerprint.algorithm} {fingerprint.value[:47]}…")
        print(f"  SCTP  {sctp.state:<10} port {sctp.port}, data channel {pair.channel.label!r}")

        heading("3 · The data channel (the callee answers like the server's Python peer)")
        pair.remote_channel.on("message", lambda m: pair.remote_channel.send(reply(m)))
        replies: asyncio.Queue[str] = asyncio.Queue()
        pair.channel.on("message", replies.put_nowait)
        for message in (
            {"type": "upper", "text": "no signalling in webrtc"},
            {"type": "echo", "text": "ordered, reliable messages"},
            *({"type": "ping", "id": i, "t": 0.0} for i in range(3)),
            {"type": "shout", "text": "?"},
        ):
            if message["type"] == "ping":
                message["t"] = time.perf_counter() * 1000  # our clock; the pong brings it back
            pair.channel.send(json.dumps(message))
            answer = json.loads(await replies.get())
            if answer["type"] == "pong":
                rtt = time.perf_counter() * 1000 - answer["t"]
                print(f"  ping {answer['id']} → pong, round trip {rtt:.2f} ms")
            else:
                print(f"  {json.dumps(message):<48} → {json.dumps(answer)[:72]}")

        heading(f"4 · The video track: {frames} frames, VP8-encoded, sent over SRTP, decoded")
        first = last = None
        started = time.perf_counter()
        for _ in range(frames):
            frame = await pair.remote_track.recv()
            last = read_counter(frame)
            first = last if first is None else first
        fps = (frames - 1) / (time.perf_counter() - started)
        print(f"  {frame.width}x{frame.height} {frame.format.name}, counters {first} … {last}")
        print(f"  {fps:.0f} frames/s (the track paces itself at 30)")
    left = await no_other_tasks()
    print(f"\nclosed both peers; tasks still running: {len(left)}")

    if url:
        heading(f"5 · Calling the Python peer at {url}, signalled over Socket.IO")
        from day34_webrtc.caller import call_python_peer  # noqa: PLC0415

        async with call_python_peer(url) as call:
            print(f"  answered: peer {call.peer_id[:8]}…")
            print(f"  {await call.request({'type': 'upper', 'text': 'hello from python'})}")
            frame = await call.track.recv()
            print(f"  a frame: {frame.width}x{frame.height}, counter {read_counter(frame)}")
            print(f"  {await call.request({'type': 'stats'})}")
    return 1 if left else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m day34_webrtc demo")
    parser.add_argument("--url", help="also call the lesson running at this URL")
    parser.add_argument("--frames", type=int, default=FRAMES, help="video frames to receive")
    args = parser.parse_args(argv)
    if args.frames < 2:
        parser.error("--frames must be at least 2")
    return asyncio.run(narrate(args.url, args.frames))
