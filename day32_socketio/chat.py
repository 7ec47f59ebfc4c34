"""The chat: Socket.IO events in, events out, and an acknowledgement for every event.

Client → server (each answered by an ack ``{"ok": true, …}`` or ``{"ok": false, "error": …}``):

    join     {"room": "lobby"}                 → ack {"ok", "room", "members"}
    leave    {"room": "lobby"}                 → ack {"ok", "room"}
    message  {"room": "lobby", "text": "hi"}   → ack {"ok", "id", "at"}
    typing   {"room": "lobby", "typing": true} → ack {"ok"}
    private  {"to": "bob", "text": "psst"}     → ack {"ok", "id", "at"}

Server → client:

    message   {"id", "room", "from", "text", "at"}      to the room, sender excluded
    typing    {"room", "user", "typing"}                to the room, sender excluded
    presence  {"room", "user", "action", "members"}     to the room, on join / leave / disconnect
    private   {"id", "from", "to", "text", "at"}        to every connection of the recipient

The sender of a message learns its id from the ack, not from an echo: one round trip, and
the page can show "sent" exactly when the server has taken the message.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import socketio
from pydantic import BaseModel, ValidationError
from socketio.exceptions import ConnectionRefusedError

from day32_socketio.payloads import Hello, MessageIn, PrivateIn, RoomIn, TypingIn
from day32_socketio.presence import MAX_ROOMS_PER_CONNECTION, Presence
from shared.ratelimit import RateLimiter
from shared.realtime import Ack, Handler, error, invalid, ok, on_event

P = TypeVar("P", bound=BaseModel)


def personal_room(name: str) -> str:
    """Every connection of ``name`` joins this room: a private message is an emit to it."""
    return f"user:{name}"


def attach_chat(sio: socketio.AsyncServer, *, limiter: RateLimiter) -> Presence:
    """Register the chat's handlers on ``sio``; return the presence they keep up to date."""
    presence = Presence()

    async def rate_limit(sid: str) -> Ack | None:
        """Spend one of this connection's tokens; an empty bucket refuses the event."""
        decision = await limiter.hit(sid)
        if decision.allowed:
            return None
        return error(
            "rate_limited",
            f"slow down: {decision.limit} events at most, then "
            f"{limiter.policy.limit / limiter.policy.window:g} per second",
            retry_after=round(decision.retry_after, 3),
        )

    def on(event: str, model: type[P]) -> Callable[[Handler[P]], Handler[P]]:
        """``@on("message", MessageIn)``: rate limit, then validate, then the handler.

        ``shared.realtime.on_event`` does the validating and turns every refusal, and any
        exception in the handler, into an ack; this chat puts its token bucket in front.
        """
        return on_event(sio, event, model, guard=rate_limit)

    @sio.event
    async def connect(sid: str, environ: dict[str, Any], auth: Any) -> None:
        try:
            hello = Hello.model_validate(auth if auth is not None else {})
        except ValidationError as exc:
            # The client's connect_error handler gets err.message and, as err.data, the fields.
            message = 'connect with auth {"name": "..."}: 1-24 letters, digits, "_", "." or "-"'
            raise ConnectionRefusedError(message, invalid(exc)["error"]) from None
        presence.connect(sid, hello.name)
        await sio.enter_room(sid, personal_room(hello.name))

    @sio.event
    async def disconnect(sid: str, reason: str) -> None:
        name = presence.name_of(sid)
        for room in presence.disconnect(sid):
            await announce(room, name or "?", "left", skip_sid=sid)

    async def announce(room: str, user: str, action: str, skip_sid: str | None = None) -> None:
        event = {"room": room, "user": user, "action": action, "members": presence.members(room)}
        await sio.emit("presence", event, to=room, skip_sid=skip_sid)

    @on("join", RoomIn)
    async def join(sid: str, data: RoomIn) -> Ack:
        if data.room not in presence.rooms_of(sid):
            if len(presence.rooms_of(sid)) >= MAX_ROOMS_PER_CONNECTION:
                return error("too_many_rooms", f"{MAX_ROOMS_PER_CONNECTION} rooms at most")
            await sio.enter_room(sid, data.room)
            presence.join(data.room, sid)
            # Everybody in the room, the newcomer included, gets the new member list.
            await announce(data.room, presence.name_of(sid) or "?", "joined")
        return ok(room=data.room, members=presence.members(data.room))

    @on("leave", RoomIn)
    async def leave(sid: str, data: RoomIn) -> Ack:
        if not presence.leave(data.room, sid):
            return error("not_in_room", f"you are not in {data.room!r}")
        await sio.leave_room(sid, data.room)
        await announce(data.room, presence.name_of(sid) or "?", "left")
        return ok(room=data.room)

    # region: message
    @on("message", MessageIn)
    async def message(sid: str, data: MessageIn) -> Ack:
        if data.room not in presence.rooms_of(sid):
            # Without this check, anyone could post into a room by knowing its name.
            return error("not_in_room", f"join {data.room!r} before writing to it")
        sent = {"id": uuid.uuid4().hex, "at": _now()}
        event = {**sent, "room": data.room, "from": presence.name_of(sid), "text": data.text}
        # skip_sid: like socket.to(room).emit() in Node — the sender has the ack instead.
        await sio.emit("message", event, to=data.room, skip_sid=sid)
        return ok(**sent)
        # endregion

    @on("typing", TypingIn)
    async def typing(sid: str, data: TypingIn) -> Ack:
        if data.room not in presence.rooms_of(sid):
            return error("not_in_room", f"join {data.room!r} first")
        event = {"room": data.room, "user": presence.name_of(sid), "typing": data.typing}
        await sio.emit("typing", event, to=data.room, skip_sid=sid)
        return ok()

    @on("private", PrivateIn)
    async def private(sid: str, data: PrivateIn) -> Ack:
        if not presence.is_online(data.to):
            return error("no_such_user", f"nobody called {data.to!r} is online")
        sent = {"id": uuid.uuid4().hex, "at": _now()}
        event = {**sent, "from": presence.name_of(sid), "to": data.to, "text": data.text}
        await sio.emit("private", event, to=personal_room(data.to))
        return ok(**sent)

    @sio.on("*")
    async def unknown(event: str, sid: str, *args: Any) -> Ack:
        # Without a catch-all, an unknown event with an ack request is silently dropped and
        # the client waits for its timeout; this answers at once.
        return error("unknown_event", f"no event called {event[:40]!r}")

    return presence


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
