"""Day 05: the life of an API request, REST verbs, idempotency and status codes, on a notes API."""

from shared.lesson import Lesson

LESSON = Lesson(
    day=5,
    title="Core concepts: a request's life, REST, idempotency",
    learn=(
        "The life of an API request: DNS → TCP → HTTP → routing → handler → database → response",
        "REST resources and verbs: GET, POST, PUT, PATCH and DELETE on /notes",
        "Idempotency: safe and idempotent methods, PUT and DELETE twice, the Idempotency-Key header",
        "Choosing status codes: 200, 201, 204, 400, 404, 405, 409, 412, 413, 422",
        "The folder structure of a real service: routers → services → repositories, schemas at the edge",
        "Refusing bad input before anything is written, with limits read from shared.settings",
    ),
    try_these=(
        "GET /lifecycle",
        "curl -i localhost:8005/notes -H 'content-type: application/json' -d '{\"title\": \"milk\"}'",
    ),
    smoke="GET /notes",
    tags=("rest", "http", "idempotency", "status codes"),
)
