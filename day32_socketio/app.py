"""Day 32 app: a raw WebSocket echo, a Socket.IO chat, and the page that uses it.

* ``WS   /ws/echo``     — a plain WebSocket (no Socket.IO): every message comes back
* ``GET  /handshake``   — the opening handshake for a key, as the bytes on the wire
* ``/socket.io/``       — the Socket.IO chat (``chat.py``), mounted by ``shared.realtime``
* ``GET  /chat``        — the browser page, on the real Socket.IO JavaScript client
* ``GET  /rooms``       — who is in which room right now
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Query, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from day32_socketio import LESSON
from day32_socketio.chat import attach_chat
from day32_socketio.handshake import accept_for, new_key, upgrade_request, upgrade_response
from shared.errors import problem_responses
from shared.ratelimit import Clock, TokenBucket
from shared.realtime import MISSING_CLIENT, client_script_path, create_realtime, serve_client_script
from shared.service import create_service

#: the largest Engine.IO packet a client may send; a bigger one closes its connection
MAX_PACKET_BYTES = 16 * 1024
#: the largest message the raw echo accepts (close code 1009, "message too big", above it)
MAX_ECHO_BYTES = 4096
#: a base64-encoded 16-byte nonce, as RFC 6455 §4.1 requires of Sec-WebSocket-Key
KEY_PATTERN = r"^[A-Za-z0-9+/]{21}[AQgw]==$"
PAGE = Path(__file__).parent / "static" / "chat.html"


class HandshakeOut(BaseModel):
    key: str
    accept: str
    request: str
    response: str


class RoomsOut(BaseModel):
    online: list[str]
    rooms: dict[str, list[str]]


def create_app(*, clock: Clock = time.monotonic, cors_origins: list[str] | None = None) -> FastAPI:
    """The app; ``clock`` drives the per-connection rate limit, so tests move time by hand."""
    app = create_service(LESSON)
    sio = create_realtime(
        app,
        cors_origins=cors_origins,
        max_http_buffer_size=MAX_PACKET_BYTES,
        # One client's events are handled one after another, in the order sent. The default
        # (a task per event) lets two quick messages overtake each other as soon as a handler
        # awaits real I/O — a database, or Day 33's Redis — and a chat must keep its order.
        async_handlers=False,
    )
    # 10 events at once, then 2 per second, per connection: typing and chatting, not flooding.
    limiter = TokenBucket("chat-events", capacity=10, refill_rate=2, unit="events", clock=clock)
    presence = attach_chat(sio, limiter=limiter)
    app.state.presence = presence
    serve_client_script(app)

    @app.get("/chat", include_in_schema=False, response_class=HTMLResponse)
    async def chat_page() -> str:
        page = PAGE.read_text(encoding="utf-8")
        if client_script_path() is None:  # say it on the page, not only in the console
            page = page.replace("<!--missing-client-->", f"<p class=missing>{MISSING_CLIENT}</p>")
        return page

    @app.get("/rooms", tags=["chat"], response_model=RoomsOut)
    async def rooms() -> RoomsOut:
        """Who is connected, and the members of every room that has any."""
        return RoomsOut(online=presence.online(), rooms=presence.snapshot())

    @app.get(
        "/handshake",
        tags=["websocket"],
        response_model=HandshakeOut,
        responses=problem_responses(422),
    )
    async def handshake(
        request: Request,
        key: Annotated[str | None, Query(pattern=KEY_PATTERN)] = None,
    ) -> HandshakeOut:
        """The opening handshake (RFC 6455 §4) for ``key`` — a fresh one if none is given."""
        key = key or new_key()
        host = request.headers.get("host", "localhost")
        path = request.scope.get("root_path", "") + "/ws/echo"  # /day32/ws/echo under a mount
        return HandshakeOut(
            key=key,
            accept=accept_for(key),
            request=upgrade_request(host, path, key).decode(),
            response=upgrade_response(key).decode(),
        )

    @app.websocket("/ws/echo")
    async def echo(websocket: WebSocket) -> None:
        """Accept the upgrade, then send every message back, as text or bytes as it came."""
        await websocket.accept()
        try:
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    return
                text, data = message.get("text"), message.get("bytes")
                size = len(text.encode()) if text is not None else len(data or b"")
                if size > MAX_ECHO_BYTES:
                    await websocket.close(code=1009, reason=f"{MAX_ECHO_BYTES} bytes at most")
                    return
                if text is not None:
                    await websocket.send_text(text)
                else:
                    await websocket.send_bytes(data or b"")
        except WebSocketDisconnect:
            return

    return app
