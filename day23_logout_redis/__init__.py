"""Day 23: logout with stateless tokens — a Redis denylist, and server-side sessions to compare."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=23,
    title="Logout with Redis",
    learn=(
        Bullet(
            "Logout with stateless tokens: every access token carries a jti, POST /auth/logout puts "
            "it on a Redis denylist, and every protected route checks the signature first and the "
            "denylist second",
            code=(),
            tests=(),
        ),
        Bullet(
            "A denylist that bounds itself: each entry lives exactly as long as its token could "
            "still be accepted (exp + leeway − now, at least 1 s), so Redis never keeps the id of a "
            "token that is dead anyway",
            code=(),
            tests=(),
        ),
        Bullet(
            "Redis basics the lesson uses: strings, SET with EX/PX/NX, GET, DEL, EXPIRE/TTL, INCR "
            "(a failed-login counter in a time window), transactions, and a keyspace naming "
            "convention (app:kind:id)",
            code=(),
            tests=(),
        ),
        Bullet(
            "Server-side sessions in Redis as the alternative: a random id in an HttpOnly cookie, "
            "the data in a hash with a sliding TTL, a new id at every login (no session fixation), "
            "instant revocation by DEL — compared with JWT + denylist on revocation, scalability, "
            "storage and latency",
            code=(),
            tests=(),
        ),
        Bullet(
            "When Redis is down, a stated policy: the denylist check fails closed (503 "
            "problem+json: a logged-out token never works again), and logout answers 503 rather "
            "than pretend",
            code=(),
            tests=(),
        ),
    ),
    needs=("redis",),
    try_these=(
        "curl -s -X POST localhost:8023/auth/login -H 'content-type: application/json' "
        """-d '{"username": "ada", "password": "analytical-engine"}'""",
        "GET /ready",
    ),
    smoke="GET /ready",
    tags=("redis", "logout", "denylist", "jti", "sessions", "RFC 7009"),
)
