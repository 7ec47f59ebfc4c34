"""Day 04: an HTTP/1.1 server from a TCP socket up — then the same handler as a raw ASGI app."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=4,
    title="An HTTP/1.1 server without a framework",
    learn=(
        Bullet(
            "HTTP/1.1 on the wire: the request line, header fields and a Content-Length body, "
            "parsed by hand (RFC 9112)",
            code=(),
            tests=(),
        ),
        Bullet(
            "Keep-alive: many requests on one TCP connection, and when the server must close it",
            code=(),
            tests=(),
        ),
        Bullet(
            "Status codes a server owes its clients: 400, 404, 405, 408, 411, 413, 414, 431, 505",
            code=(),
            tests=(),
        ),
        Bullet(
            "Surviving hostile clients: size limits, slowloris timeouts, clients that hang up",
            code=(),
            tests=(),
        ),
        Bullet(
            "Many clients at once: one asyncio task per connection on asyncio.start_server",
            code=(),
            tests=(),
        ),
        Bullet(
            "The same handler as a raw ASGI app under uvicorn, and requests/s of both side by side",
            code=(),
            tests=(),
        ),
    ),
    try_these=("GET /hello?name=Ada", "python -m day04_http_server demo"),
    smoke="GET /hello?name=Ada",
    has_demo=True,
    openapi=False,  # no framework, so no /openapi.json: the route list at / is written by hand
    tags=("http", "asyncio", "asgi", "sockets"),
)
