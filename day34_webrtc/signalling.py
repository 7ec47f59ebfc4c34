"""Signalling is not part of WebRTC: it is any channel that carries SDP and candidates.

WebRTC leaves one job to the application — getting the offer, the answer and the late ICE
candidates from one peer to the other before they can reach each other directly. Here that
channel is Socket.IO (Day 32), with two uses:

* **relay between peers in a room** — ``join`` a room (at most two: a call), then ``signal``
  sends ``{"description": {...}}`` or ``{"candidate": {...}}`` to the other member, who
  receives ``signal`` with ``from`` added. The server reads none of it: it only relays.
* **talk to the server's Python peer** — ``offer`` (``{"type": "offer", "sdp": ...}``) is
  answered in the acknowledgement (``{"ok": true, "peer_id": ..., "type": "answer", "sdp":
  ...}``); ``candidate`` trickles the caller's late candidates to it; ``hangup`` ends it.

Every payload is validated (Pydantic, unknown fields refused, sizes bounded). A bad one gets
``{"ok": false, "error": "<code>", "detail": ...}`` in its acknowledgement and changes
nothing; Engine.IO itself drops a connection that sends a packet over ``MAX_PACKET`` bytes.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

import socketio
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from day34_webrtc.peer import PythonPeers
from day34_webrtc.sdp import MAX_SDP, MAX_SECTIONS, BadOffer
from shared.errors import DomainError

log = logging.getLogger("course.day34")

#: the largest Socket.IO packet the server reads; an SDP is at most MAX_SDP (64 KiB)
MAX_PACKET = 128 * 1024
#: a call is two peers; more would need a mesh (n-1 connections each) or a media server (SFU)
ROOM_SIZE = 2


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Description(_Payload):
    type: Literal["offer", "answer"]
    sdp: str = Field(max_length=MAX_SDP)


class Candidate(_Payload):
    """``RTCIceCandidate.toJSON()`` as a browser sends it."""

    candidate: str = Field(max_length=1024)
    sdpMid: str | None = Field(default=None, max_length=32)  # noqa: N815 - the browser's name
    sdpMLineIndex: int | None = Field(default=None, ge=0, lt=MAX_SECTIONS)  # noqa: N815
    usernameFragment: str | None = Field(default=None, max_length=256)  # noqa: N815


class Offer(Description):
    type: Literal["offer"]


class TrickledCandidate(_Payload):
    peer_id: str = Field(max_length=64)
    #: None (JSON null): the caller has no more candidates (end-of-candidates)
    candidate: Candidate | None


class Hangup(_Payload):
    peer_id: str = Field(max_length=64)


class Join(_Payload):
    room: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")


class Signal(_Payload):
    """Exactly one of ``description`` and ``candidate`` (``candidate: null`` = the last one)."""

    description: Description | None = None
    candidate: Candidate | None = None
    end_of_candidates: bool = False

    @model_validator(mode="after")
    def one_thing(self) -> Signal:
        given = (self.description is not None, self.candidate is not None, self.end_of_candidates)
        if sum(given) != 1:
            raise ValueError("send one of description, candidate or end_of_candidates")
        return self


Model = TypeVar("Model", bound=BaseModel)
Handler = Callable[[str, Any], Awaitable[dict[str, Any]]]


def error(code: str, detail: str) -> dict[str, Any]:
    return {"ok": False, "error": code, "detail": detail}


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()  # PeerLimit -> peer-limit


def acknowledged(model: type[Model]) -> Callable[..., Handler]:
    """Validate the payload into ``model``; turn every refusal into an error acknowledgement."""

    def wrap(handler: Callable[[str, Model], Awaitable[dict[str, Any]]]) -> Handler:
        @functools.wraps(handler)
        async def event(sid: str, data: Any = None) -> dict[str, Any]:
            try:
                payload = model.model_validate(data)
            except ValidationError as exc:
                first = exc.errors(include_input=False, include_url=False)[0]
                where = ".".join(str(part) for part in first["loc"]) or "payload"
                return error("invalid-payload", f"{where}: {first['msg']}")
            try:
                return {"ok": True, **await handler(sid, payload)}
            except BadOffer as exc:
                return error("bad-sdp", str(exc))
            except DomainError as exc:  # NotFound, PeerLimit…: same words as the HTTP API
                return error(_kebab(type(exc).__name__), exc.detail)

        return event

    return wrap


def install_signalling(sio: socketio.AsyncServer, peers: PythonPeers) -> None:
    """Register the signalling events on ``sio``."""
    members: dict[str, set[str]] = {}  # room -> sids
    room_of: dict[str, str] = {}  # sid -> its one room

    async def leave(sid: str) -> None:
        room = room_of.pop(sid, None)
        if room is None:
            return
        members[room].discard(sid)
        if not members[room]:
            del members[room]
        await sio.leave_room(sid, room)
        await sio.emit("peer-left", {"sid": sid}, room=room)

    @sio.on("join")
    @acknowledged(Join)
    async def join(sid: str, payload: Join) -> dict[str, Any]:
        await leave(sid)
        others = set(members.get(payload.room, ()))
        if len(others) >= ROOM_SIZE:
            raise RoomFull(f"room {payload.room!r} already has {ROOM_SIZE} peers")
        members.setdefault(payload.room, set()).add(sid)
        room_of[sid] = payload.room
        await sio.enter_room(sid, payload.room)
        await sio.emit("peer-joined", {"sid": sid}, room=payload.room, skip_sid=sid)
        return {"room": payload.room, "peers": sorted(others)}

    @sio.on("leave")
    async def leave_event(sid: str, data: Any = None) -> dict[str, Any]:
        await leave(sid)
        return {"ok": True}

    @sio.on("signal")
    @acknowledged(Signal)
    async def signal(sid: str, payload: Signal) -> dict[str, Any]:
        room = room_of.get(sid)
        if room is None:
            raise NotInRoom("join a room before signalling")
        # Relayed as received: the server neither reads nor changes SDP it only passes on.
        message = {"from": sid, **payload.model_dump(exclude_none=True, exclude_defaults=True)}
        await sio.emit("signal", message, room=room, skip_sid=sid)
        return {"relayed_to": len(members[room]) - 1}

    @sio.on("offer")
    @acknowledged(Offer)
    async def offer(sid: str, payload: Offer) -> dict[str, Any]:
        peer_id, answer = await peers.answer(payload.sdp, owner=sid)
        return {"peer_id": peer_id, "type": "answer", "sdp": answer}

    @sio.on("candidate")
    @acknowledged(TrickledCandidate)
    async def candidate(sid: str, payload: TrickledCandidate) -> dict[str, Any]:
        found = payload.candidate
        await peers.add_candidate(
            payload.peer_id,
            # An empty candidate string is the browser's other way to say "no more".
            found.candidate or None if found else None,
            found.sdpMid if found else None,
            found.sdpMLineIndex if found else None,
            owner=sid,
        )
        return {}

    @sio.on("hangup")
    @acknowledged(Hangup)
    async def hangup(sid: str, payload: Hangup) -> dict[str, Any]:
        peers.get(payload.peer_id, owner=sid)
        await peers.close(payload.peer_id)
        return {}

    @sio.on("disconnect")
    async def disconnect(sid: str, reason: Any = None) -> None:
        await leave(sid)
        closed = await peers.close_owned_by(sid)
        if closed:
            log.info("socket %s gone: closed its %d peer(s)", sid, closed)


class RoomFull(DomainError):
    status = 409


class NotInRoom(DomainError):
    status = 409
