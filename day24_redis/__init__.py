"""Day 24: Redis in depth — every data type, batching and atomicity, and a cache that holds up."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=24,
    title="Redis in depth",
    learn=(
        Bullet(
            "Strings with a lifetime: SET with EX and NX (a key that expires, a write only if the "
            "key is new), INCR as an atomic counter, GETEX to read a key and extend its TTL in one "
            "command",
            code=(),
            tests=(),
        ),
        Bullet(
            "Hashes for objects updated field by field (HSET, HINCRBY), lists as a FIFO queue "
            "(LPUSH + BRPOP: a worker that blocks instead of polling), sets and SINTER for what "
            "two groups share",
            code=(),
            tests=(),
        ),
        Bullet(
            "Sorted sets as a leaderboard: ZADD, ZINCRBY, the top N with ZREVRANGE … WITHSCORES "
            "and a player's rank with ZREVRANK",
            code=(),
            tests=(),
        ),
        Bullet(
            "Streams with a consumer group: XADD, XREADGROUP, XACK, and XPENDING + XCLAIM to take "
            "over what a crashed consumer read but never acknowledged",
            code=(),
            tests=(),
        ),
        Bullet(
            "Pub/sub: a subscriber task hears what is published while it listens — and what is "
            "published while nobody listens is gone for good (at-most-once)",
            code=(),
            tests=(),
        ),
        Bullet(
            "Pipelines batch round trips (1,000 SETs in one) but are not atomic; MULTI/EXEC runs a "
            "block with nothing in between, and WATCH makes a balance transfer retry when another "
            "client changed a balance first",
            code=(),
            tests=(),
        ),
        Bullet(
            "Lua scripts (register_script, EVALSHA): a compare-and-set and a fixed-window counter, "
            "atomic because Redis runs a script to its end before any other command",
            code=(),
            tests=(),
        ),
        Bullet(
            "Cache-aside in front of a slow catalogue: TTLs with jitter, invalidation on write, "
            "and stampede protection — 50 concurrent misses, exactly one rebuild (a SET NX PX "
            "lock while the others poll the cache)",
            code=(),
            tests=(),
        ),
        Bullet(
            "Persistence (RDB snapshots, AOF and its fsync policies) and eviction "
            "(maxmemory-policy), read from the running server — the course's private Redis keeps "
            "nothing",
            code=(),
            tests=(),
        ),
        Bullet(
            "Redis down: every endpoint answers 503 problem+json, from one handler for redis-py's "
            "ConnectionError and TimeoutError",
            code=(),
            tests=(),
        ),
    ),
    needs=("redis",),
    try_these=("GET /products/1", "python -m day24_redis demo"),
    smoke="GET /products/1",
    has_demo=True,
    tags=("Redis", "streams", "pipelines", "Lua", "cache-aside"),
)
