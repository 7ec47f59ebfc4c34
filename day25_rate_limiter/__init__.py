"""Day 25: rate limiting as low-level design — one interface, three strategies, one dependency."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=25,
    title="Rate limiting as low-level design",
    learn=(
        Bullet(
            "A small RateLimiter interface — await hit(key, cost) returning a Decision — that "
            "today's in-memory strategies and Day 26's Redis ones both implement",
            code=(),
            tests=(),
        ),
        Bullet(
            "Fixed window: one counter per window, cheap and simple, and a client can send twice "
            "the limit across a window boundary",
            code=(),
            tests=(),
        ),
        Bullet(
            "Token bucket: bursts up to the capacity, then a steady refill; a cost per request, "
            "here the upload's size in bytes",
            code=(),
            tests=(),
        ),
        Bullet(
            "Leaky bucket as a meter: a level that drains at a constant rate, kept as one "
            "timestamp (the GCRA), and how it differs from the queue variant",
            code=(),
            tests=(),
        ),
        Bullet(
            "Keys: per user (a verified API key), per IP (and why X-Forwarded-For is trusted only "
            "from your own proxies), per route template, and combinations",
            code=(),
            tests=(),
        ),
        Bullet(
            "The 429 answer as problem+json with Retry-After and the RateLimit-Limit, "
            "-Remaining, -Reset fields (draft-ietf-httpapi-ratelimit-headers-06), sent on "
            "success too, from a FastAPI dependency on routes and routers",
            code=(),
            tests=(),
        ),
        Bullet(
            "Exact tests with an injected clock, memory bounded by evicting expired keys, and "
            "hits that stay atomic on one event loop — and what an await in the middle breaks",
            code=(),
            tests=(),
        ),
    ),
    try_these=("GET /search?q=release", "GET /limits"),
    smoke="GET /limits",
    has_demo=True,
    tags=("rate limiting", "429", "token bucket", "RateLimit headers"),
)
