"""A request's life, as far as the server can honestly see it: from the moment the app is handed
the request to the moment its answer is ready.

DNS, the TCP handshake and TLS happen before the app is called, so the server reports what they
*left behind* (the Host header, the peer's address, the scheme) and never invents timings for
them; the client measures those (``curl -w``, see the README).
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from day05_core_concepts.notes.routers import get_service
from day05_core_concepts.notes.services import NoteService

ARRIVED = "lifecycle.arrived"


class ArrivalClock:
    """Stamp the moment the app is handed a request, and report the app's total time.

    ``Server-Timing`` (a W3C header that browser dev tools and ``curl -v`` show) carries the
    server's share of the request; the client's total minus this is network and queueing.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        arrived = scope[ARRIVED] = time.perf_counter()

        async def send_with_timing(message: Message) -> None:
            if message["type"] == "http.response.start":
                took = (time.perf_counter() - arrived) * 1000
                header = (b"server-timing", f"app;dur={took:.3f}".encode())
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        await self.app(scope, receive, send_with_timing)


class Step(BaseModel):
    step: str
    seen_by_server: bool
    #: milliseconds since the app was handed the request (None: before that, or not measurable)
    at_ms: float | None = None
    took_ms: float | None = None
    detail: str
    #: a command that shows this step from the client's side
    see_it: str | None = None


router = APIRouter(tags=["lifecycle"])


def routed_at() -> float:
    # Dependencies run once the router picked a route and FastAPI parsed the parameters.
    return time.perf_counter()


@router.get("/lifecycle", response_model=list[Step])
async def lifecycle(
    request: Request,
    routed: Annotated[float, Depends(routed_at)],
    service: Annotated[NoteService, Depends(get_service)],
) -> list[Step]:
    """The steps of *this* request: what the client did before, what the server did since."""
    started = time.perf_counter()
    arrived = request.scope.get(ARRIVED, started)

    def ms(moment: float) -> float:
        return round((moment - arrived) * 1000, 3)

    before = time.perf_counter()
    count = await service.count()  # the "database" call: handler → service → repository
    after = time.perf_counter()

    client = _address(request.scope.get("client"))
    server = _address(request.scope.get("server"))
    host = request.headers.get("host", "?")
    # The router tries routes in order and stops at the first match; find ours in that order.
    routes = list(iter_route_contexts(request.app.routes))
    position = next(
        i for i, r in enumerate(routes, 1) if r.original_route is request.scope["route"]
    )
    path = routes[position - 1].path
    secure = request.url.scheme == "https"

    return [
        Step(
            step="dns",
            seen_by_server=False,
            detail=f"the client turned a name into an IP before connecting; the server only "
            f"sees the Host header it sent: {host!r}",
            see_it="getent hosts localhost  (the resolver your programs use); dig example.com",
        ),
        Step(
            step="tcp",
            seen_by_server=True,
            detail=f"a TCP connection from {client} to {server}; a keep-alive client reuses it, "
            "so its next request shows the same client port",
            see_it="curl -v ... prints 'Connected to'",
        ),
        Step(
            step="tls",
            seen_by_server=True,
            detail="https: encrypted before HTTP started"
            if secure
            else "none: plain http (fine on loopback; anything else needs https)",
            see_it="curl -w '%{time_appconnect}' ... (0 without TLS)",
        ),
        Step(
            step="http",
            seen_by_server=True,
            at_ms=0.0,
            detail=f"uvicorn parsed '{request.method} {request.url.path} "
            f"HTTP/{request.scope.get('http_version', '?')}' and {len(request.headers)} "
            "headers, then called the app",
        ),
        Step(
            step="routing",
            seen_by_server=True,
            at_ms=ms(routed),
            detail=f"matched {request.method} {path} -> {lifecycle.__name__}(): route {position} "
            f"of {len(routes)}, tried in order",
        ),
        Step(step="handler", seen_by_server=True, at_ms=ms(started), detail="lifecycle() ran"),
        Step(
            step="repository",
            seen_by_server=True,
            at_ms=ms(before),
            took_ms=round((after - before) * 1000, 3),
            detail=f"service.count() -> repository.count() = {count} notes (a dict in memory; "
            "a real database adds a network round trip here)",
        ),
        Step(
            step="response",
            seen_by_server=True,
            at_ms=ms(time.perf_counter()),
            detail="this list is ready; serialising it to JSON and writing it to the socket "
            "come next. The Server-Timing header holds the app's full time",
            see_it="curl -s -o /dev/null -w '%{time_starttransfer} %{time_total}\\n' ...",
        ),
    ]


def _address(pair: tuple[str, int] | list | None) -> str:
    if not pair:
        return "?"
    host, port = pair[0], pair[1]
    return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"
