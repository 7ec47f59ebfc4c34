"""Introduced on Day 32: a Socket.IO server living inside a lesson's FastAPI app, and its acks.

    sio = create_realtime(app)                      # Socket.IO at /socket.io, same origin only
    sio = create_realtime(app, cors_origins=["http://localhost:5173"])
    sio = create_realtime(app, redis_url=url)       # Day 33: rooms shared by every process

    @sio.event
    async def ping(sid, data):
        return {"ok": True}                         # the return value is the acknowledgement

* The Socket.IO ASGI app is **mounted inside** the FastAPI app at ``path``, so the lesson is
  still one FastAPI object: ``/docs``, ``/openapi.json``, its lifespan and ``app.mount`` under
  a prefix (``python -m course serve`` puts it at ``/dayNN/socket.io``) all keep working. The
  JavaScript client then connects with ``path: "<prefix>/socket.io"``.
* ``cors_origins`` — ``None`` (the default) accepts only pages served by this same origin;
  ``"*"`` any page on the web; a list, exactly those (this server's own origin included only
  if listed). A WebSocket is not covered by the
  browser's same-origin policy, so this check is the only thing stopping another site's page
  from opening a socket with your users' cookies.
* ``redis_url`` — every emit goes through Redis pub/sub (python-socketio's
  ``AsyncRedisManager``), so a message to a room reaches its members connected to *other*
  server processes. ``client_manager`` takes any other manager instead.
* ``serve_client_script(app)`` serves the browser client from the project's ``node_modules``
  (installed by the project's set-up from ``package.json``; never copied into the repository).

Acknowledgements — the Socket.IO counterpart of the course's problem+json, one shape whatever
went wrong::

    {"ok": true, "room": "lobby"}                                             ok(room=...)
    {"ok": false, "error": {"code": "not_in_room", "detail": "…"}}            error(code, detail)
    {"ok": false, "error": {"code": "invalid", "detail": "…", "fields": […]}} invalid(exc)

    @on_event(sio, "join", RoomIn)                  # one pydantic model per event
    async def join(sid: str, data: RoomIn) -> Ack:  # data is already validated
        return ok(room=data.room)

* ``on_event`` answers every event with an ack: data that is not exactly one value valid for
  the model gets ``invalid`` (what is wrong, never the input echoed back), a backend that is
  down (``ServiceUnavailable``) ``unavailable``, and a bug ``internal`` with the traceback in
  the log — the client never waits for an answer that will not come, and the connection lives
  on. ``guard(sid)`` runs first and may refuse the event with an ack of its own (a rate limit).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import socketio
from fastapi import FastAPI
from fastapi.responses import FileResponse
from pydantic import BaseModel, ValidationError

from shared.errors import ServiceUnavailable
from shared.settings import PROJECT_ROOT

log = logging.getLogger("course.realtime")

#: where ``npm ci`` puts the browser build of socket.io-client (pinned in package.json)
CLIENT_DIST = PROJECT_ROOT / "node_modules" / "socket.io-client" / "dist"
CLIENT_SCRIPT = "socket.io.min.js"
MISSING_CLIENT = (
    "The Socket.IO browser client is not installed (node_modules/socket.io-client): "
    "run `make setup` (or `npm ci`) in the project folder, then reload."
)
#: an invalid event's ack lists at most this many fields (a huge bad payload, a small answer)
MAX_FIELD_ERRORS = 10

#: what an event handler returns, and python-socketio sends back: ``{"ok": …, …}``
Ack = dict[str, Any]
P = TypeVar("P", bound=BaseModel)
Handler = Callable[[str, P], Awaitable[Ack]]


def create_realtime(
    app: FastAPI,
    *,
    path: str = "/socket.io",
    cors_origins: str | Sequence[str] | None = None,
    redis_url: str | None = None,
    client_manager: socketio.AsyncManager | None = None,
    **options: Any,
) -> socketio.AsyncServer:
    """A ``socketio.AsyncServer`` mounted in ``app`` at ``path``; also kept as ``app.state.sio``.

    ``options`` go to ``AsyncServer`` (``max_http_buffer_size``, ``async_handlers``,
    ``ping_interval``…). The server's background task is stopped when the app's lifespan ends.
    """
    if redis_url and client_manager is not None:
        raise ValueError("pass redis_url or client_manager, not both")
    if redis_url:
        # Connects lazily, on the first connection or emit: building the app needs no Redis.
        client_manager = socketio.AsyncRedisManager(redis_url)
    if cors_origins is not None and not isinstance(cors_origins, str):
        # python-socketio reads [] as "no origin checks at all", which would let every site
        # in; an empty list here means "nobody else", which is the same-origin default.
        cors_origins = list(cors_origins) or None
    sio = socketio.AsyncServer(
        async_mode="asgi",
        client_manager=client_manager,
        cors_allowed_origins=cors_origins,
        **options,
    )
    # socketio_path=None: Engine.IO takes every request the mount hands it. Matching the path
    # is the mount's job, which also makes it work under any prefix the app is mounted at.
    app.mount(path, socketio.ASGIApp(sio, socketio_path=None), name="socket.io")
    app.state.sio = sio
    _stop_with_app(app, sio)
    return sio


def _stop_with_app(app: FastAPI, sio: socketio.AsyncServer) -> None:
    """Run ``sio.shutdown()`` when the app's lifespan ends (the docs ask for it before exit)."""
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(asgi_app: Any) -> AsyncIterator[Any]:
        async with inner(asgi_app) as state:
            try:
                yield state
            finally:
                await sio.shutdown()

    app.router.lifespan_context = lifespan


def client_script_path() -> Path | None:
    """The installed browser client, or None when ``node_modules`` is missing."""
    script = CLIENT_DIST / CLIENT_SCRIPT
    return script if script.is_file() else None


def serve_client_script(app: FastAPI, url: str = "/vendor/socket.io.min.js") -> None:
    """``GET url`` answers the Socket.IO browser client (and ``url + ".map"`` its source map).

    Missing ``node_modules`` is a 503 problem that says which command installs it, rather
    than a bare 404 the page could only guess about.
    """

    async def script() -> FileResponse:
        found = client_script_path()
        if found is None:
            raise ServiceUnavailable(MISSING_CLIENT)
        return FileResponse(found, media_type="text/javascript")

    async def source_map() -> FileResponse:
        found = client_script_path()
        if found is None or not (mapped := found.with_name(found.name + ".map")).is_file():
            raise ServiceUnavailable(MISSING_CLIENT)
        return FileResponse(mapped, media_type="application/json")

    app.add_api_route(url, script, methods=["GET", "HEAD"], include_in_schema=False)
    app.add_api_route(url + ".map", source_map, methods=["GET"], include_in_schema=False)


def ok(**fields: Any) -> Ack:
    return {"ok": True, **fields}


def error(code: str, detail: str, **extra: Any) -> Ack:
    return {"ok": False, "error": {"code": code, "detail": detail, **extra}}


def invalid(exc: ValidationError) -> Ack:
    """An ack listing what is wrong — loc, msg, type — without echoing the input back."""
    fields = [
        {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]}
        for e in exc.errors(include_url=False)[:MAX_FIELD_ERRORS]
    ]
    return error("invalid", "the event's data is not valid", fields=fields)


def on_event(
    sio: socketio.AsyncServer,
    event: str,
    model: type[P],
    *,
    guard: Callable[[str], Awaitable[Ack | None]] | None = None,
) -> Callable[[Handler[P]], Handler[P]]:
    """``@on_event(sio, "join", RoomIn)``: guard, then validate, then the handler; all answer acks.

    python-socketio calls ``handler(sid, *args)`` with whatever the client sent — nothing,
    a string, three arguments — and sends back what the handler returns as the ack.
    """

    def register(handle: Handler[P]) -> Handler[P]:
        async def handler(sid: str, *args: Any) -> Ack:
            if guard is not None and (refused := await guard(sid)) is not None:
                return refused
            if len(args) != 1:
                return error("invalid", f"send one object as the data of {event!r}")
            try:
                payload = model.model_validate(args[0])
            except ValidationError as exc:
                return invalid(exc)
            try:
                return await handle(sid, payload)
            except ServiceUnavailable as exc:  # Redis down: say so, like the HTTP 503
                return error("unavailable", exc.detail or "a backend is down")
            except Exception:
                # A bug in one handler must not look like a hang to the client: it gets an
                # answer, the log gets the traceback, the connection lives on.
                log.exception("%s handler failed for %s", event, sid)
                return error("internal", "the server failed to handle this event")

        sio.on(event, handler)
        return handle

    return register
