"""The onion: each middleware wraps the next, so the way out runs in reverse order of the way in.

Every layer of this lesson writes its name into a per-request ``Trace`` on the way in and on
the way out, and rewrites the ``X-Layers`` response header as the response passes back up::

    X-Layers: outer>timing>inner>auth>handler<inner<timing<outer

The same idea is written twice, once per style of middleware: ``TraceLayer`` is pure ASGI
(wraps ``send``), ``process_time`` is ``@app.middleware("http")`` (wraps a ``Response``).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request, Response
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.routing import Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TRACE_HEADER = "x-layers"


class Trace:
    """Names in the order they ran: down through the layers, then back up."""

    def __init__(self) -> None:
        self.way_in: list[str] = []
        self.way_out: list[str] = []

    def enter(self, name: str) -> None:
        self.way_in.append(name)

    def leave(self, name: str) -> None:
        self.way_out.append(name)

    def render(self) -> str:
        return ">".join(self.way_in) + "".join(f"<{name}" for name in self.way_out)


def trace_of(scope: Scope) -> Trace:
    """The request's trace, kept in ``scope["state"]`` — what ``request.state`` reads too."""
    state = scope.setdefault("state", {})
    return state.setdefault("trace", Trace())


class TraceLayer:
    """A complete pure-ASGI middleware: ``__init__(app)`` and ``__call__(scope, receive, send)``.

    It sees the request before the app (``enter``) and the response's status and headers
    when the app sends them (``leave``) — that wrapped ``send`` is how a layer acts "after".
    """

    def __init__(self, app: ASGIApp, name: str) -> None:
        self.app = app
        self.name = name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan and websocket messages pass straight through
            await self.app(scope, receive, send)
            return
        trace = trace_of(scope)
        trace.enter(self.name)

        async def send_traced(message: Message) -> None:
            if message["type"] == "http.response.start":
                trace.leave(self.name)
                headers = [(k, v) for k, v in message["headers"] if k != TRACE_HEADER.encode()]
                headers.append((TRACE_HEADER.encode(), trace.render().encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_traced)


async def process_time(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """The ``@app.middleware("http")`` style: shorter, but it handles a ``Response`` object.

    FastAPI turns this function into a ``BaseHTTPMiddleware``: ``call_next`` runs the rest of
    the onion in a separate task and hands back a streaming ``Response`` once the headers
    are ready. Easy to write; it costs an extra task per request and it cannot see the
    body without buffering it. ``shared.middleware.RequestContext`` does the same timing in
    pure ASGI (``Server-Timing``) — compare the two.
    """
    trace = trace_of(request.scope)
    trace.enter("timing")
    started = time.perf_counter()
    response = await call_next(request)
    trace.leave("timing")
    response.headers["x-process-time"] = f"{(time.perf_counter() - started) * 1000:.1f}ms"
    response.headers[TRACE_HEADER] = trace.render()
    return response


def describe_stack(app: ASGIApp) -> list[str]:
    """The layers a request really passes through, outermost first, read off the built app.

    FastAPI builds the onion on the first request: ``ServerErrorMiddleware`` (the last-resort
    500) outside everything, then the middleware you added, newest first, then the exception
    handlers and the router.
    """
    layer: Any = getattr(app, "middleware_stack", None) or app
    names: list[str] = []
    while layer is not None and len(names) < 50:
        if isinstance(layer, Router):  # the router dispatches to routes: the onion's core
            names.append("router")
            break
        if isinstance(layer, TraceLayer):
            names.append(f"TraceLayer({layer.name})")
        elif isinstance(layer, BaseHTTPMiddleware):
            names.append(f'@app.middleware("http") {layer.dispatch_func.__name__}')
        else:
            names.append(type(layer).__name__)
        layer = getattr(layer, "app", None)
    return names
