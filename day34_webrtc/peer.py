"""The server's own WebRTC peer: it answers offers, talks on data channels and sends video.

A browser (or any WebRTC stack) sends an offer over signalling; ``PythonPeers.answer`` builds
an aiortc ``RTCPeerConnection`` for it, attaches a generated video track (``CounterBars``) to
the offered video section, and returns the answer. From then on the peers talk directly:
data-channel messages are answered by ``protocol.reply``, the browser's camera (if it sends
one) is counted frame by frame, and the signalling server is only needed for late ICE
candidates (*trickle*) and hang-ups.

Every peer costs a UDP socket per candidate, a DTLS session and an encoder, so they are
bounded: at most ``max_peers`` at once (503 beyond), each closed after ``lifetime_s``, when
its connection fails, when its owner's socket disconnects, or when the app stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import uuid
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from day34_webrtc.protocol import reply
from day34_webrtc.sdp import BadOffer, check_offer
from shared.errors import NotFound, ServiceUnavailable

if TYPE_CHECKING:
    from aiortc import MediaStreamTrack, RTCConfiguration, RTCDataChannel, RTCPeerConnection

    from day34_webrtc.media import CounterBars

log = logging.getLogger("course.day34")

# foundation component transport priority address port "typ" type [extensions…] (RFC 8839 §5.1)
_CANDIDATE = re.compile(
    r"(?:candidate:)?[\w+/]{1,32} \d{1,3} (?:udp|tcp|UDP|TCP) \d{1,10} [\w.:-]{1,255} \d{1,5} "
    r"typ (?:host|srflx|prflx|relay)(?: [\w.:/+-]{1,255}){0,20}"
)


def ice_config(ice_servers: Iterable[str] = ()) -> RTCConfiguration:
    """No STUN, no TURN by default: on one machine (or one LAN) host candidates suffice.

    ``iceServers=[]`` and not ``None``: given ``None``, aiortc adds Google's public STUN
    server, and gathering then waits on a network this lesson does not need.
    """
    from aiortc import RTCConfiguration, RTCIceServer  # noqa: PLC0415 - heavy, load when used

    return RTCConfiguration(iceServers=[RTCIceServer(urls=url) for url in ice_servers])


def parse_candidate(line: str, sdp_mid: str | None, sdp_mline_index: int | None) -> Any:
    """A trickled candidate (``RTCIceCandidate.toJSON()`` from a browser) for aiortc."""
    from aiortc.sdp import candidate_from_sdp  # noqa: PLC0415

    if not _CANDIDATE.fullmatch(line):
        raise BadOffer("not an ICE candidate line (RFC 8839 §5.1)")
    candidate = candidate_from_sdp(line.removeprefix("candidate:"))
    candidate.sdpMid, candidate.sdpMLineIndex = sdp_mid, sdp_mline_index
    return candidate


class PeerLimit(ServiceUnavailable):
    title = "Too many peers"
    type = "/problems/too-many-peers"


@dataclass
class Peer:
    """One call with the Python peer, and what it has seen so far."""

    id: str
    pc: RTCPeerConnection
    owner: str | None  # the Socket.IO session that made it; None for POST /offer
    track: CounterBars | None = None
    frames_received: int = 0
    frame_size: tuple[int, int] | None = None
    messages: int = 0
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    def stats(self) -> dict[str, Any]:
        return {
            "peer_id": self.id,
            "connection": self.pc.connectionState,
            "frames_sent": self.track.frames_sent if self.track else 0,
            "frames_received": self.frames_received,
            "frame_size": list(self.frame_size) if self.frame_size else None,
            "messages": self.messages,
        }


class PythonPeers:
    """The Python peers of one app: answer offers, add candidates, close them all on exit."""

    def __init__(self, max_peers: int = 8, lifetime_s: float = 600.0) -> None:
        self.max_peers = max_peers
        self.lifetime_s = lifetime_s
        self._peers: dict[str, Peer] = {}
        self._closing: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._peers)

    def stats(self) -> list[dict[str, Any]]:
        return [peer.stats() for peer in self._peers.values()]

    def get(self, peer_id: str, owner: str | None = None) -> Peer:
        peer = self._peers.get(peer_id)
        # Another session's peer is "not found" too: a peer id is not a capability to share.
        if peer is None or (owner is not None and peer.owner != owner):
            raise NotFound(f"no peer {peer_id[:64]!r}")
        return peer

    async def answer(self, offer_sdp: str, owner: str | None = None) -> tuple[str, str]:
        """Answer ``offer_sdp``: returns ``(peer_id, answer_sdp)``. ``BadOffer`` if unusable."""
        check_offer(offer_sdp)
        if len(self._peers) >= self.max_peers:
            raise PeerLimit(f"the Python peer takes {self.max_peers} calls at once; try later")
        from aiortc import RTCPeerConnection, RTCSessionDescription  # noqa: PLC0415

        peer = Peer(id=uuid.uuid4().hex, pc=RTCPeerConnection(ice_config()), owner=owner)
        self._peers[peer.id] = peer  # counted before the first await: the limit holds
        self._wire(peer)
        try:
            await peer.pc.setRemoteDescription(RTCSessionDescription(offer_sdp, "offer"))
            self._attach_video(peer)
            await peer.pc.setLocalDescription(await peer.pc.createAnswer())
        except Exception as exc:
            # aiortc's parser meets strangers' input here and fails with ValueError,
            # AssertionError, KeyError… — each is a bad offer, none may take the server down.
            await self.close(peer.id)
            why = str(exc)[:200] or type(exc).__name__
            raise BadOffer(f"the WebRTC stack refused the offer: {why}") from exc
        self._spawn(peer, self._expire(peer.id))
        return peer.id, peer.pc.localDescription.sdp

    async def add_candidate(
        self,
        peer_id: str,
        line: str | None,
        sdp_mid: str | None = None,
        sdp_mline_index: int | None = None,
        owner: str | None = None,
    ) -> None:
        """A candidate the remote side found after its offer (trickle ICE); None = no more."""
        peer = self.get(peer_id, owner)
        candidate = None if line is None else parse_candidate(line, sdp_mid, sdp_mline_index)
        if candidate is not None and sdp_mid is None and sdp_mline_index is None:
            raise BadOffer("a candidate needs sdpMid or sdpMLineIndex")
        try:
            await peer.pc.addIceCandidate(candidate)
        except ValueError as exc:  # e.g. a candidate after end-of-candidates
            raise BadOffer(str(exc)[:200]) from exc

    async def close(self, peer_id: str) -> bool:
        peer = self._peers.pop(peer_id, None)
        if peer is None:
            return False
        # Its own tasks end with it — except the one running this (a peer that expires).
        tasks = [t for t in peer.tasks if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await peer.pc.close()
        await asyncio.gather(*tasks, return_exceptions=True)
        return True

    async def close_owned_by(self, owner: str) -> int:
        mine = [p.id for p in self._peers.values() if p.owner == owner]
        for peer_id in mine:
            await self.close(peer_id)
        return len(mine)

    async def close_all(self) -> None:
        for peer_id in list(self._peers):
            await self.close(peer_id)
        await asyncio.gather(*self._closing, return_exceptions=True)

    # -- wiring -------------------------------------------------------------------------

    def _wire(self, peer: Peer) -> None:
        pc = peer.pc

        @pc.on("datachannel")
        def on_datachannel(channel: RTCDataChannel) -> None:
            @channel.on("message")
            def on_message(message: str | bytes) -> None:
                peer.messages += 1
                if channel.readyState == "open":
                    channel.send(reply(message, peer.stats))

        @pc.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            # A received track must be read, or its frames pile up in memory.
            self._spawn(peer, self._drain(peer, track))

        @pc.on("connectionstatechange")
        def on_state() -> None:
            log.info("peer %s: connection %s", peer.id[:8], pc.connectionState)
            if pc.connectionState in ("failed", "closed") and peer.id in self._peers:
                task = asyncio.ensure_future(self.close(peer.id))
                self._closing.add(task)
                task.add_done_callback(self._closing.discard)

    def _attach_video(self, peer: Peer) -> None:
        """Put our generated video on the offered video section, if there is one.

        aiortc's ``addTrack`` reuses the offer's video transceiver. If the offer said it only
        *sends* video (``a=sendonly``), the answer comes out ``recvonly`` and no frame of ours
        is encoded: SDP directions are negotiated, never imposed.
        """
        from day34_webrtc.media import CounterBars  # noqa: PLC0415

        if any(t.kind == "video" for t in peer.pc.getTransceivers()):
            peer.track = CounterBars()
            peer.pc.addTrack(peer.track)

    async def _drain(self, peer: Peer, track: MediaStreamTrack) -> None:
        from aiortc.mediastreams import MediaStreamError  # noqa: PLC0415

        with contextlib.suppress(MediaStreamError):
            while True:
                frame = await track.recv()
                if track.kind == "video":
                    peer.frames_received += 1
                    peer.frame_size = (frame.width, frame.height)

    async def _expire(self, peer_id: str) -> None:
        await asyncio.sleep(self.lifetime_s)
        log.info("peer %s: lifetime over, closing", peer_id[:8])
        await self.close(peer_id)

    def _spawn(self, peer: Peer, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        peer.tasks.add(task)
        task.add_done_callback(peer.tasks.discard)
