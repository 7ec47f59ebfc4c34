"""Day 09: centralised error handling — one problem+json format for every failure."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=9,
    title="Error handling",
    learn=(
        Bullet(
            "Exception handlers in one place, answering every failure as RFC 9457 problem+json",
            code=(),
            tests=(),
        ),
        Bullet(
            "Domain errors (not found, insufficient funds) mapped to status codes, "
            "with a problem type and extension members",
            code=(),
            tests=(),
        ),
        Bullet(
            "Validation errors that list the bad fields without echoing what was sent",
            code=(),
            tests=(),
        ),
        Bullet(
            "Async errors: an exception from an awaited coroutine and from a TaskGroup's task",
            code=(),
            tests=(),
        ),
        Bullet(
            "Errors in background tasks: they cannot change the response, so catch, log and "
            "record them with the request id",
            code=(),
            tests=(),
        ),
        Bullet(
            "No stack traces in production answers, the full traceback in the log with the same "
            "request id",
            code=(),
            tests=(),
        ),
    ),
    try_these=("GET /accounts/1", "GET /accounts/99"),
    smoke="GET /accounts/1",
    tags=("errors", "rfc 9457", "problem+json", "background tasks"),
)
