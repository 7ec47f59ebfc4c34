"""A Python caller: what the browser page does, with aiortc and a Socket.IO ``AsyncClient``.

    async with call_python_peer("http://localhost:8034") as call:
        print(await call.request({"type": "upper", "text": "hi"}))   # {"type": "upper", "text": "HI"}
        frame = await call.track.recv()

Connect to the signalling server, make an offer (a data channel and a receive-only video
section), send it in an ``offer`` event and take the answer from the acknowledgement. aiortc
puts every candidate in the offer, so no ``candidate`` events are needed from this side.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from day34_webrtc.loopback import CONNECT_TIMEOUT_S, resolve, until_open
from day34_webrtc.peer import ice_config

if TYPE_CHECKING:
    import socketio
    from aiortc import MediaStreamTrack, RTCDataChannel, RTCPeerConnection


class SignallingRefused(RuntimeError):
    """The server acknowledged our event with ``ok: false``."""

    def __init__(self, ack: dict[str, Any]) -> None:
        super().__init__(f"{ack.get('error')}: {ack.get('detail')}")
        self.ack = ack


@dataclass
class Call:
    peer_id: str
    pc: RTCPeerConnection
    channel: RTCDataChannel
    track: MediaStreamTrack
    sio: socketio.AsyncClient
    replies: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)

    async def request(self, message: dict[str, Any], timeout_s: float = 5.0) -> dict[str, Any]:
        """Send one message on the data channel and wait for the Python peer's reply."""
        self.channel.send(json.dumps(message))
        return await asyncio.wait_for(self.replies.get(), timeout_s)


async def emit(sio: socketio.AsyncClient, event: str, data: Any, timeout_s: float = 5.0) -> Any:
    """Emit and wait for the acknowledgement; ``SignallingRefused`` if it says ``ok: false``."""
    ack = await sio.call(event, data, timeout=timeout_s)
    if not ack.get("ok"):
        raise SignallingRefused(ack)
    return ack


@contextlib.asynccontextmanager
async def call_python_peer(
    url: str, *, socketio_path: str = "socket.io", timeout_s: float = CONNECT_TIMEOUT_S
) -> AsyncIterator[Call]:
    import socketio  # noqa: PLC0415
    from aiortc import RTCPeerConnection, RTCSessionDescription  # noqa: PLC0415

    sio = socketio.AsyncClient(reconnection=False)
    pc = RTCPeerConnection(ice_config())
    loop = asyncio.get_running_loop()
    opened: asyncio.Future[None] = loop.create_future()
    track: asyncio.Future[MediaStreamTrack] = loop.create_future()
    replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    peer_id = None
    try:
        await sio.connect(
            url, socketio_path=socketio_path, transports=["websocket"], wait_timeout=timeout_s
        )
        channel = pc.createDataChannel("chat")
        channel.on("open", lambda: resolve(opened, None))
        channel.on("message", lambda m: replies.put_nowait(json.loads(m)))
        pc.addTransceiver("video", direction="recvonly")
        pc.on("track", lambda t: resolve(track, t))

        await pc.setLocalDescription(await pc.createOffer())
        offer = {"type": "offer", "sdp": pc.localDescription.sdp}
        answer = await emit(sio, "offer", offer, timeout_s)
        peer_id = answer["peer_id"]
        await pc.setRemoteDescription(RTCSessionDescription(answer["sdp"], "answer"))
        async with asyncio.timeout(timeout_s):
            await until_open(opened, pc)
            call = Call(peer_id, pc, channel, await track, sio, replies)
        yield call
    finally:
        if peer_id is not None and sio.connected:
            with contextlib.suppress(Exception):  # hanging up is polite, not required
                await sio.call("hangup", {"peer_id": peer_id}, timeout=2)
        await pc.close()
        await sio.disconnect()
