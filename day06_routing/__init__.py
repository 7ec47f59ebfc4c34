"""Day 06 · Routing: FastAPI as Express — routers, typed parameters, models, Depends, mounts."""

from shared.lesson import Lesson

LESSON = Lesson(
    day=6,
    title="Routing with FastAPI",
    learn=(
        "Split an API across APIRouters and include each under a prefix: express.Router() "
        "and app.use('/books', router)",
        "Path and query parameters as typed, validated arguments (ranges, lengths, enums): "
        "req.params and req.query without the parsing",
        "Request bodies validated by Pydantic models that reject unknown fields, and response "
        "models that keep internal fields out of every answer",
        "Dependency injection with Depends (a shared store, pagination, a loader that 404s), "
        "swapped in tests with app.dependency_overrides",
        "Mount a whole sub-app, a legacy /v0 API with its own docs: app.use('/v0', subApp)",
        "How FastAPI is built: Starlette routing and requests, Pydantic validation, and OpenAPI "
        "generated from both, seen in app.routes",
    ),
    try_these=("GET /books?genre=science", "GET /v0/books"),
    smoke="GET /books",
    tags=("fastapi", "express", "routing"),
)
