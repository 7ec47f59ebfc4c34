"""Day 21: access + refresh tokens — rotation, reuse detection, and logging devices out."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=21,
    title="Refresh-token rotation",
    learn=(
        Bullet(
            "Two tokens, two jobs: a 5-minute access token (a JWT every route checks without the "
            "database) and a 30-day opaque refresh token (256 random bits, in the JSON body) that "
            "only buys new access tokens",
            code=(),
            tests=(),
        ),
        Bullet(
            "Refresh tokens stored only as SHA-256 hashes in MongoDB — a leaked database holds no "
            "usable token — with a unique index on the hash, an index on the family, a TTL index, "
            "and expiry enforced in code as well",
            code=(),
            tests=(),
        ),
        Bullet(
            "Rotation: every refresh consumes the old token atomically (find_one_and_update "
            "filtered on used_at: None), so of two concurrent refreshes exactly one wins",
            code=(),
            tests=(),
        ),
        Bullet(
            "Reuse detection (RFC 9700 §4.14): a refresh token presented a second time revokes its "
            "whole family, so a stolen token locks out the thief — and the user, until they log "
            "in again",
            code=(),
            tests=(),
        ),
        Bullet(
            "Authentication as a FastAPI dependency (current_user from the Bearer access token), "
            "and why a dependency rather than a middleware",
            code=(),
            tests=(),
        ),
        Bullet(
            "Logout of one device (its token family) vs all devices, and why an access token "
            "stays valid until it expires (Day 23 adds the denylist)",
            code=(),
            tests=(),
        ),
    ),
    needs=("mongo",),
    try_these=(
        "curl -s -X POST localhost:8021/auth/login -H 'content-type: application/json' "
        """-d '{"username": "ada", "password": "analytical-engine", "device": "laptop"}'""",
        "python -m day21_refresh_tokens demo",
    ),
    smoke="GET /.well-known/jwks.json",
    has_demo=True,
    tags=("refresh tokens", "rotation", "reuse detection", "RFC 9700"),
)
