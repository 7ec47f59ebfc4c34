"""Day 08: middleware — the onion around every request, and what belongs in it."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=8,
    title="Middleware",
    learn=(
        Bullet(
            "What middleware is and the order it runs in (the onion), shown by the X-Layers header",
            code=(),
            tests=(),
        ),
        Bullet(
            'Writing middleware two ways: a pure ASGI class and @app.middleware("http")',
            code=(),
            tests=(),
        ),
        Bullet(
            "A request id in and out, a Server-Timing header and an access log that carries the id",
            code=(),
            tests=(),
        ),
        Bullet(
            "An API-key guard on one router with a constant-time comparison, and when a guard "
            "belongs in a dependency rather than in middleware",
            code=(),
            tests=(),
        ),
        Bullet(
            "CORS with an explicit allow-list, and GZip above a minimum size",
            code=(),
            tests=(),
        ),
    ),
    try_these=("GET /onion", "GET /report?rows=50"),
    smoke="GET /onion",
    tags=("middleware", "asgi", "cors", "gzip", "request id"),
)
