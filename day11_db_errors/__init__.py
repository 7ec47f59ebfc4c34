"""Day 11: when the database fails — timeouts, retries, a circuit breaker, health vs readiness."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=11,
    title="When the database fails",
    learn=(
        Bullet(
            "Connection errors and timeouts (serverSelectionTimeoutMS, connectTimeoutMS, PyMongo's "
            "client-side timeoutMS) answered as 503 or 504 problem+json, never a hung request",
            code=(),
            tests=(),
        ),
        Bullet(
            "Retries with exponential backoff and full jitter (tenacity) for idempotent operations "
            "only: reads, an upsert by a client-supplied id, a delete",
            code=(),
            tests=(),
        ),
        Bullet(
            "Why a plain insert is not retried: a lost reply plus a blind retry writes the "
            "document twice",
            code=(),
            tests=(),
        ),
        Bullet(
            "A circuit breaker (closed, open, half-open) that fails fast without touching the "
            "database, shown in GET /ready",
            code=(),
            tests=(),
        ),
        Bullet(
            "Liveness (/health never touches the database) vs readiness (/ready pings it, 503 "
            "until it answers)",
            code=(),
            tests=(),
        ),
        Bullet(
            "Graceful start-up when the database comes up late: the app serves, says 503, and "
            "recovers by itself",
            code=(),
            tests=(),
        ),
    ),
    needs=("mongo",),
    try_these=("GET /ready", "GET /items"),
    smoke="GET /ready",
    tags=("timeouts", "retries", "circuit breaker", "readiness"),
)
