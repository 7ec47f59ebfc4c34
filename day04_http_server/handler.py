"""The application is one plain function, Request -> Response; no server, no framework in sight.

Because it never touches a socket, the same function runs behind our asyncio server
(``server.py``) and behind uvicorn (``asgi.py``), and both answer byte-for-byte the same body.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

from day04_http_server import LESSON
from day04_http_server.messages import Request, Response, json_response, problem

MAX_NAME = 64
ECHO_TYPES = frozenset({"text/plain", "application/json"})


def index(request: Request) -> Response:
    # With no framework there is no generated OpenAPI page: this list is the documentation.
    return json_response(
        {
            "day": LESSON.day,
            "title": LESSON.title,
            "routes": [f"{' '.join(sorted(methods))} {path}" for path, methods in ROUTES.items()],
            "note": "no framework here, so no OpenAPI: this route list is written by hand",
        }
    )


def health(request: Request) -> Response:
    return json_response({"status": "ok", "day": LESSON.day})


def hello(request: Request) -> Response:
    # max_num_fields bounds the work a hostile query string can cause.
    names = parse_qs(request.query, max_num_fields=20).get("name", ["world"])
    name = names[0].strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        return problem(400, f"name must be 1 to {MAX_NAME} printable characters")
    return json_response({"message": f"Hello, {name}!"})


def echo(request: Request) -> Response:
    """The body back, unchanged. The size limit is the server's job, before we are called."""
    content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    # Reflect only harmless types, so an echo can never be turned into an HTML page.
    if content_type not in ECHO_TYPES:
        content_type = "application/octet-stream"
    return Response(200, [("Content-Type", content_type)], request.body)


Route = Callable[[Request], Response]
ROUTES: dict[str, dict[str, Route]] = {
    "/": {"GET": index},
    "/docs": {"GET": index},
    "/health": {"GET": health},
    "/hello": {"GET": hello},
    "/echo": {"POST": echo},
}


def handle(request: Request) -> Response:
    """Route by path, then by method: 404 for an unknown path, 405 (with Allow) for a wrong verb."""
    methods = ROUTES.get(request.path)
    if methods is None:
        return problem(404, f"no route for {request.path}")
    # HEAD is GET without the body (RFC 9110 §9.3.2); the server drops the body, not us.
    route = methods.get("GET" if request.method == "HEAD" else request.method)
    if route is None:
        allowed = sorted({*methods, "HEAD"} if "GET" in methods else methods)
        detail = f"{request.method} is not allowed on {request.path}"
        return problem(405, detail, [("Allow", ", ".join(allowed))])
    return route(request)
