"""Introduced on Day 32: a Socket.IO server living inside a lesson's FastAPI app.

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
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import socketio
from fastapi import FastAPI
from fastapi.responses import FileResponse

from shared.errors import ServiceUnavailable
from shared.settings import PROJECT_ROOT

#: where ``npm ci`` puts the browser build of socket.io-client (pinned in package.json)
CLIENT_DIST = PROJECT_ROOT / "node_modules" / "socket.io-client" / "dist"
CLIENT_SCRIPT = "socket.io.min.js"
MISSING_CLIENT = (
    "The Socket.IO browser client is not installed (node_modules/socket.io-client): "
    "run `make setup` (or `npm ci`) in the project folder, then reload."
)


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
