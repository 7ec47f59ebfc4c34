"""Two aiortc peers in one process, connected for real: the smallest complete WebRTC call.

The "signalling" here is four lines — the offer and the answer handed over as Python objects.
Everything after that is the real thing: ICE checks between UDP sockets, a DTLS handshake
verified against the SDP's fingerprints, SCTP for the data channel and SRTP for the video.
Used by the demo, the benchmark and the tests.

    async with connected_pair() as pair:
        pair.channel.send("hi")                 # arrives on pair.remote_channel
        frame = await pair.remote_track.recv()  # a CounterBars frame, VP8-decoded
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from day34_webrtc.peer import ice_config

if TYPE_CHECKING:
    from aiortc import MediaStreamTrack, RTCDataChannel, RTCPeerConnection, RTCSessionDescription

    from day34_webrtc.media import CounterBars

#: the whole set-up on one machine takes a fraction of a second; past this, something is wrong
CONNECT_TIMEOUT_S = 10.0


@dataclass
class Pair:
    caller: RTCPeerConnection
    callee: RTCPeerConnection
    channel: RTCDataChannel  # the caller's end
    remote_channel: RTCDataChannel  # the callee's end
    track: CounterBars | None  # what the caller sends
    remote_track: MediaStreamTrack | None  # what the callee receives


@contextlib.asynccontextmanager
async def connected_pair(
    *,
    video: bool = True,
    edit_offer: Callable[[str], str] = str,
    timeout_s: float = CONNECT_TIMEOUT_S,
) -> AsyncIterator[Pair]:
    """A caller and a callee, connected: a data channel open and (optionally) video flowing.

    ``edit_offer`` may change the offer's SDP on its way — a man in the middle of signalling;
    the tests use it to show that a forged fingerprint makes DTLS refuse the connection.
    """
    from aiortc import RTCPeerConnection, RTCSessionDescription  # noqa: PLC0415

    from day34_webrtc.media import CounterBars  # noqa: PLC0415

    caller, callee = RTCPeerConnection(ice_config()), RTCPeerConnection(ice_config())
    loop = asyncio.get_running_loop()
    opened: asyncio.Future[None] = loop.create_future()
    remote_channel: asyncio.Future[RTCDataChannel] = loop.create_future()
    remote_track: asyncio.Future[MediaStreamTrack] = loop.create_future()
    try:
        channel = caller.createDataChannel("chat")  # before the offer: it adds m=application
        channel.on("open", lambda: resolve(opened, None))
        callee.on("datachannel", lambda c: resolve(remote_channel, c))
        callee.on("track", lambda t: resolve(remote_track, t))
        track = CounterBars() if video else None
        if track is not None:
            caller.addTrack(track)

        # Signalling. Any channel that carries these two strings would do.
        await caller.setLocalDescription(await caller.createOffer())
        offer = _edited(caller.localDescription, edit_offer, RTCSessionDescription)
        await callee.setRemoteDescription(offer)
        await callee.setLocalDescription(await callee.createAnswer())
        await caller.setRemoteDescription(callee.localDescription)

        async with asyncio.timeout(timeout_s):
            await until_open(opened, caller, callee)
            pair = Pair(
                caller=caller,
                callee=callee,
                channel=channel,
                remote_channel=await remote_channel,
                track=track,
                remote_track=await remote_track if video else None,
            )
        yield pair
    finally:
        await caller.close()
        await callee.close()


class ConnectionFailed(ConnectionError):
    """ICE or DTLS gave up: no route between the candidates, or a certificate mismatch."""


def _edited(description: RTCSessionDescription, edit: Callable[[str], str], cls: Any) -> Any:
    return description if edit is str else cls(sdp=edit(description.sdp), type=description.type)


def resolve(future: asyncio.Future[Any], value: Any) -> None:
    """Set ``future``'s result unless it has one: aiortc events may fire more than once."""
    if not future.done():
        future.set_result(value)


async def until_open(opened: asyncio.Future[None], *pcs: RTCPeerConnection) -> None:
    """Wait for the data channel to open — or for any of ``pcs`` to fail, and say so."""
    await _first(opened, *(_failed(pc) for pc in pcs))


async def _failed(pc: RTCPeerConnection) -> None:
    """Returns only if ``pc`` fails; raises ConnectionFailed then."""
    failed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    @pc.on("connectionstatechange")
    def on_state() -> None:
        if pc.connectionState == "failed":
            resolve(failed, None)

    await failed
    raise ConnectionFailed(f"connection failed (ICE {pc.iceConnectionState})")


async def _first(*waits: Any) -> None:
    """Wait for the first of ``waits`` to finish; cancel the rest; re-raise its error."""
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        next(iter(done)).result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def no_other_tasks(deadline_s: float = 5.0) -> list[asyncio.Task[Any]]:
    """Wait until this task is the only one left; return the stragglers if the deadline passes.

    aiortc ends some of its tasks a few loop turns after ``close()`` returns; a task still
    alive seconds later is a leak (a socket, a timer, an encoder left running).
    """
    me = asyncio.current_task()
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_s
    while True:
        others = [t for t in asyncio.all_tasks() if t is not me and not t.done()]
        if not others or loop.time() > end:
            return others
        await asyncio.sleep(0.01)  # a poll with a deadline: let the loop finish their work
