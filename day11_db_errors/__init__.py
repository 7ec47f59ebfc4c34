"""Day 11: when the database fails — timeouts, retries, a circuit breaker, health vs readiness."""

from shared.lesson import Lesson

LESSON = Lesson(
    day=11,
    title="When the database fails",
    learn=(
        "Connection errors and timeouts (serverSelectionTimeoutMS, connectTimeoutMS, PyMongo's "
        "client-side timeoutMS) answered as 503 or 504 problem+json, never a hung request",
        "Retries with exponential backoff and full jitter (tenacity) for idempotent operations "
        "only: reads, an upsert by a client-supplied id, a delete",
        "Why a plain insert is not retried: a lost reply plus a blind retry writes the "
        "document twice",
        "A circuit breaker (closed, open, half-open) that fails fast without touching the "
        "database, shown in GET /ready",
        "Liveness (/health never touches the database) vs readiness (/ready pings it, 503 "
        "until it answers)",
        "Graceful start-up when the database comes up late: the app serves, says 503, and "
        "recovers by itself",
    ),
    needs=("mongo",),
    try_these=("GET /ready", "GET /items"),
    smoke="GET /ready",
    tags=("timeouts", "retries", "circuit breaker", "readiness"),
)
