"""Day 10 · Project review: a flawed service and its reviewed version, side by side."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=10,
    title="Reviewing a backend",
    learn=(
        Bullet(
            "N+1 calls: one lookup per row instead of one batched lookup for the page",
            code=(),
            tests=(),
        ),
        Bullet(
            "Blocking I/O inside async handlers freezes every request; run it in a thread or use async I/O",
            code=(),
            tests=(),
        ),
        Bullet(
            "Missing validation: a raw dict body accepts nonsense that a Pydantic model refuses with 422",
            code=(),
            tests=(),
        ),
        Bullet(
            "Unbounded queries: a list endpoint without a limit, and the same endpoint paginated",
            code=(),
            tests=(),
        ),
        Bullet(
            "A secret in code versus a secret from settings (SecretStr), and why it matters",
            code=(),
            tests=(),
        ),
        Bullet(
            "Profile each version (cProfile) and measure it under load, printed side by side",
            code=(),
            tests=(),
        ),
    ),
    try_these=("GET /reviewed/orders?limit=5", "GET /flawed/orders"),
    smoke="GET /reviewed/orders?limit=2",
    tags=("review", "performance", "profiling"),
)
