"""Day 01 · What a backend is: one JSON endpoint, one page that calls it, and what lies behind."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=1,
    title="What a backend is",
    learn=(
        Bullet(
            "Client and server: a browser page (the client) calls a JSON API (the server) with fetch",
            code=(),
            tests=(),
        ),
        Bullet(
            "Request and response: method, path, query string, headers, status code and a JSON body",
            code=(),
            tests=(),
        ),
        Bullet(
            "Validation is the backend's job: bounded input, unknown fields refused, 422 for bad "
            "requests, before any code of yours runs",
            code=(),
            tests=(),
        ),
        Bullet(
            "A health endpoint, so people and tools can tell that the server is up",
            code=(),
            tests=(),
        ),
        Bullet(
            "What else a backend is responsible for (persistence, auth, errors, limits, logs) and "
            "the day of the course that teaches each",
            code=(),
            tests=(),
        ),
    ),
    try_these=("GET /api/greeting?name=Ada", "GET /api/responsibilities"),
    smoke="GET /api/greeting?name=Ada",
    tags=("client-server", "http", "json", "fetch"),
)
