"""Day 34's app: Socket.IO signalling, the server's Python peer, and a page that calls it.

    GET  /call             the browser page: RTCPeerConnection ↔ the Python peer
    GET  /sdp/offer        a real aiortc offer, every line annotated
    POST /offer            {"type": "offer", "sdp": …} → the answer (signalling in one request)
    GET  /peers            the Python peer's open calls and what each has seen
    DELETE /peers/{id}     hang up
    /socket.io/            signalling: join/signal (relay) and offer/candidate/hangup (peer)

aiortc and PyAV are imported on the first call, not here: the lesson starts in well under a
second and only pays for the WebRTC stack once someone actually calls.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from day34_webrtc import LESSON
from day34_webrtc.peer import PythonPeers
from day34_webrtc.sdp import annotate, sample_offer
from day34_webrtc.signalling import MAX_PACKET, Offer, install_signalling
from shared.errors import problem_responses
from shared.realtime import create_realtime, serve_client_script
from shared.service import create_service

PAGE = Path(__file__).with_name("call.html")


class Answer(BaseModel):
    peer_id: str
    type: str = "answer"
    sdp: str


class SdpLine(BaseModel):
    line: str
    meaning: str


class ExplainedSdp(BaseModel):
    sdp: str
    lines: list[SdpLine]


class PeerStats(BaseModel):
    peer_id: str
    connection: str
    frames_sent: int
    frames_received: int
    frame_size: list[int] | None = Field(description="width, height of the last frame received")
    messages: int


def create_app(*, max_peers: int = 8, lifetime_s: float = 600.0) -> FastAPI:
    peers = PythonPeers(max_peers=max_peers, lifetime_s=lifetime_s)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await peers.close_all()  # every call ends with the app: no UDP socket left behind

    app = create_service(LESSON, lifespan=lifespan)
    app.state.peers = peers
    sio = create_realtime(app, max_http_buffer_size=MAX_PACKET)
    install_signalling(sio, peers)
    serve_client_script(app)

    @app.get("/call", response_class=HTMLResponse, tags=["webrtc"])
    async def call_page() -> str:
        """The browser side: open it, press *Call*, and talk to the Python peer."""
        return PAGE.read_text(encoding="utf-8")

    @app.get("/sdp/offer", response_model=ExplainedSdp, tags=["webrtc"])
    async def explained_offer() -> dict[str, Any]:
        """A fresh offer from an aiortc peer (video + data channel), annotated line by line."""
        sdp = await sample_offer()
        return {"sdp": sdp, "lines": [{"line": k, "meaning": v} for k, v in annotate(sdp)]}

    @app.post(
        "/offer",
        response_model=Answer,
        tags=["webrtc"],
        responses=problem_responses(400, 413, 503),
    )
    async def offer(body: Offer) -> Answer:
        """Signalling in one request: a complete offer in (all candidates gathered), answer out.

        No trickle over HTTP: the offer must already list its candidates, as aiortc's do and
        a browser's do once ``iceGatheringState`` is ``complete``.
        """
        peer_id, sdp = await peers.answer(body.sdp)
        return Answer(peer_id=peer_id, sdp=sdp)

    @app.get("/peers", response_model=list[PeerStats], tags=["webrtc"])
    async def list_peers() -> list[dict[str, Any]]:
        """The Python peer's calls: connection state, frames sent and received, messages."""
        return peers.stats()

    @app.delete(
        "/peers/{peer_id}", status_code=204, tags=["webrtc"], responses=problem_responses(404)
    )
    async def hang_up(peer_id: str) -> Response:
        peers.get(peer_id)
        await peers.close(peer_id)
        return Response(status_code=204)

    return app
