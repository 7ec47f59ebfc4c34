"""Day 07 · API testing: a Postman collection run by newman, and the same checks in pytest."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=7,
    title="API testing with Postman, newman and pytest",
    learn=(
        Bullet(
            "A Postman collection (v2.1 JSON) of requests with methods, headers, bodies and "
            "test scripts, plus an environment file for the values that change per machine",
            code=(),
            tests=(),
        ),
        Bullet(
            "Auth headers: log in once, keep the token in a variable, send it as a Bearer header",
            code=(),
            tests=(),
        ),
        Bullet(
            "Chain a value from one response into the next request (the new task's id)",
            code=(),
            tests=(),
        ),
        Bullet(
            "Run the collection with newman, the real Postman CLI, against the running lesson — "
            "the way CI runs it",
            code=(),
            tests=(),
        ),
        Bullet(
            "The same checks as pytest + httpx, and how to debug a failing call",
            code=(),
            tests=(),
        ),
    ),
    try_these=("POST /auth/token", "python -m day07_api_testing demo"),
    smoke="GET /tasks/stats",
    has_demo=True,
    tags=("postman", "newman", "pytest"),
)
