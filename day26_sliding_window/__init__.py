"""Day 26: sliding windows on Redis — one exact limit and one cheap one, shared by every process."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=26,
    title="Sliding windows on Redis",
    learn=(
        Bullet(
            "The sliding-window log: a sorted set of request times per key (ZREMRANGEBYSCORE, "
            "ZCARD, ZADD, PEXPIRE) — exact, at most N in any window of W seconds, O(N) memory",
            code=(),
            tests=(),
        ),
        Bullet(
            "The sliding-window counter: two fixed-window counts, the previous one weighted by "
            "how much of it the window still covers — O(1) memory, and an error you can bound",
            code=(),
            tests=(),
        ),
        Bullet(
            "Atomic in one Lua script (register_script, EVALSHA, reloaded after NOSCRIPT), and "
            "why a MULTI pipeline of separate reads and writes lets concurrent clients through",
            code=(),
            tests=(),
        ),
        Bullet(
            "One clock for every process: Redis TIME inside the script, and unique log members "
            "so two hits in the same microsecond both count",
            code=(),
            tests=(),
        ),
        Bullet(
            "Correct across processes: two app processes, 50 concurrent clients, and no window "
            "of the configured width ever holding more than the limit",
            code=(),
            tests=(),
        ),
        Bullet(
            "Redis down: fail open for a public read (a logged warning, RateLimit-Policy only) "
            "and fail closed with 503 for login — and limiting resumes when Redis is back",
            code=(),
            tests=(),
        ),
        Bullet(
            "Measured: decisions per second against the limits library's Redis strategies, "
            "zero over-admissions, and redis-benchmark's EVALSHA as the ceiling",
            code=(),
            tests=(),
        ),
    ),
    needs=("redis",),
    try_these=("GET /feed", "GET /limits"),
    smoke="GET /limits",
    has_demo=True,
    tags=("rate limiting", "Redis", "Lua", "sliding window"),
)
