"""Day 05: the life of an API request, REST verbs, idempotency and status codes, on a notes API."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=5,
    title="Core concepts: a request's life, REST, idempotency",
    learn=(
        Bullet(
            "The life of an API request: DNS → TCP → HTTP → routing → handler → database → response",
            code=(),
            tests=(),
        ),
        Bullet(
            "REST resources and verbs: GET, POST, PUT, PATCH and DELETE on /notes",
            code=(),
            tests=(),
        ),
        Bullet(
            "Idempotency: safe and idempotent methods, PUT and DELETE twice, the Idempotency-Key header",
            code=(),
            tests=(),
        ),
        Bullet(
            "Choosing status codes: 200, 201, 204, 400, 404, 405, 409, 412, 413, 422",
            code=(),
            tests=(),
        ),
        Bullet(
            "The folder structure of a real service: routers → services → repositories, schemas at the edge",
            code=(),
            tests=(),
        ),
        Bullet(
            "Refusing bad input before anything is written, with limits read from shared.settings",
            code=(),
            tests=(),
        ),
    ),
    try_these=(
        "GET /lifecycle",
        "curl -i localhost:8005/notes -H 'content-type: application/json' -d '{\"title\": \"milk\"}'",
    ),
    smoke="GET /notes",
    tags=("rest", "http", "idempotency", "status codes"),
)
