"""Day 16: a model layer over MongoDB — Mongoose's ideas in a few hundred lines of Python."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=16,
    title="A model layer (Mongoose in Python)",
    learn=(
        Bullet(
            "Schemas and models with Pydantic: a Document base that maps id to _id and validates "
            "on the way in and on the way out",
            code=(),
            tests=(),
        ),
        Bullet(
            "Defaults and hooks: timestamps, a default status, a slug derived from the title, "
            "normalised e-mail addresses",
            code=(),
            tests=(),
        ),
        Bullet(
            "Indexes declared on the model and created at start-up; a unique index turned into "
            "409 problem+json",
            code=(),
            tests=(),
        ),
        Bullet(
            "Query building: filter, sort, limit and projection with field names checked "
            "against the model",
            code=(),
            tests=(),
        ),
        Bullet(
            "Cursor pagination on _id with an opaque cursor, a bounded page size, and tampered "
            "cursors refused",
            code=(),
            tests=(),
        ),
        Bullet(
            "Avoiding N+1: one $in query for a page's authors (populate), counted with PyMongo's "
            "command monitoring",
            code=(),
            tests=(),
        ),
        Bullet(
            "Lean reads: plain dicts without validation, and what they save (measured by the demo)",
            code=(),
            tests=(),
        ),
    ),
    needs=("mongo",),
    try_these=("GET /books/with-authors", "python -m day16_odm demo"),
    smoke="GET /books",
    has_demo=True,
    tags=("mongoose", "odm", "pydantic", "pagination", "n+1"),
)
