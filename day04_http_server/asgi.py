"""ASGI is our Request -> Response seam as a protocol: the server parses, the app only answers.

An ASGI app is ``async def app(scope, receive, send)``: ``scope`` is the parsed head,
``receive()`` hands over the body in messages, ``send()`` takes the response start and body.
Under uvicorn, framing, keep-alive and timeouts are uvicorn's job; the adapter keeps one limit
for itself, the body size, because no ASGI server enforces one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from day04_http_server.messages import Handler, Request, problem

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(Exception):
    pass


def asgi_app(handler: Handler, *, max_body_bytes: int = 1024 * 1024) -> ASGIApp:
    """Wrap a plain ``Request -> Response`` function as an ASGI 3 application."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        if scope["type"] != "http":  # websockets: not spoken here; the server answers 403
            return
        try:
            request = await read_request(scope, receive, max_body_bytes)
        except BodyTooLarge:
            response = problem(413, f"request body larger than {max_body_bytes} bytes")
        else:
            response = handler(request)
        headers = [(b"content-length", str(len(response.body)).encode())]
        headers += [
            (name.lower().encode(), value.encode("latin-1")) for name, value in response.headers
        ]
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    return app


async def read_request(scope: Scope, receive: Receive, max_body_bytes: int) -> Request:
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:  # servers give names in lower case
        name, value = raw_name.decode("latin-1"), raw_value.decode("latin-1")
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    # Refuse by the declared length before reading a byte; count as well, for chunked bodies.
    declared = headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > max_body_bytes:
        raise BodyTooLarge
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_body_bytes:
            raise BodyTooLarge
        chunks.append(chunk)
        more = message.get("more_body", False)
    # Mounted under a prefix (root_path), routes still see their own path, as Starlette does.
    path, root = scope["path"], scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :] or "/"
    return Request(
        method=scope["method"],
        path=path,
        query=scope["query_string"].decode("latin-1"),
        headers=headers,
        body=b"".join(chunks),
        version=scope.get("http_version", "1.1"),
    )


async def lifespan(receive: Receive, send: Send) -> None:
    """Nothing to open or close, but a server that sends lifespan events expects replies."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
