"""Checks for the README's exercises: each fails until you have made the change.

pytest day34_webrtc/exercises -k reverse
pytest day34_webrtc/exercises -k fps
pytest day34_webrtc/exercises -k bye
"""

from __future__ import annotations

import asyncio
import json

from day34_webrtc.loopback import no_other_tasks, resolve, until_open
from day34_webrtc.media import CounterBars, read_counter
from day34_webrtc.peer import PythonPeers, ice_config
from day34_webrtc.protocol import reply


def test_reverse() -> None:
    """1. A new message type: {"type": "reverse", "text": "abc"} → {"type": "reverse", "text": "cba"}."""
    assert json.loads(reply('{"type": "reverse", "text": "WebRTC"}')) == {
        "type": "reverse",
        "text": "CTRbeW",
    }
    too_long = json.dumps({"type": "reverse", "text": "x" * 5000})
    assert json.loads(reply(too_long))["type"] == "error"  # bounded like echo and upper


async def test_fps() -> None:
    """2. CounterBars(fps=10): frames stamped 9000 ticks apart (90 kHz clock) and paced at 10/s."""
    track = CounterBars(fps=10)
    loop = asyncio.get_running_loop()
    started = loop.time()
    frames = [await track.recv() for _ in range(4)]
    took = loop.time() - started
    track.stop()
    assert [f.pts for f in frames] == [0, 9000, 18000, 27000]
    assert [read_counter(f) for f in frames] == [0, 1, 2, 3]
    assert took >= 0.25, "three frame intervals of 100 ms must pass, not 33 ms ones"
    assert CounterBars().fps == 30  # the default stays 30


async def test_bye() -> None:
    """3. {"type": "bye"} on the data channel: the Python peer answers {"type": "bye"} and hangs up."""
    from aiortc import RTCPeerConnection, RTCSessionDescription

    peers = PythonPeers()
    caller = RTCPeerConnection(ice_config())
    opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    replies: asyncio.Queue[str] = asyncio.Queue()
    try:
        channel = caller.createDataChannel("chat")
        channel.on("open", lambda: resolve(opened, None))
        channel.on("message", replies.put_nowait)
        channel.on("close", lambda: resolve(closed, None))
        await caller.setLocalDescription(await caller.createOffer())
        _, answer = await peers.answer(caller.localDescription.sdp)
        await caller.setRemoteDescription(RTCSessionDescription(answer, "answer"))
        async with asyncio.timeout(10):
            await until_open(opened, caller)
            channel.send(json.dumps({"type": "bye"}))
            assert json.loads(await replies.get()) == {"type": "bye"}
            await closed  # the Python peer hung up: our end of the channel closes
        assert len(peers) == 0
    finally:
        await caller.close()
        await peers.close_all()
    assert await no_other_tasks() == []
