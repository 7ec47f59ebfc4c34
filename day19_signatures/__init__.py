"""Day 19 · Request signatures: prove who sent a request, that nobody changed it, and that it is fresh."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=19,
    title="Request signatures",
    learn=(
        Bullet(
            "HMAC-SHA256 request signing over a canonical string: method, path, sorted query, "
            "key id, timestamp, nonce and the SHA-256 of the body",
            code=(),
            tests=(),
        ),
        Bullet(
            "The body digest taken over the exact raw bytes received, verified before the JSON is parsed",
            code=(),
            tests=(),
        ),
        Bullet(
            "Constant-time comparison with hmac.compare_digest, and the timing attack it stops",
            code=(),
            tests=(),
        ),
        Bullet(
            "Replay protection: a ±window on the timestamp (clock skew) and a nonce store whose "
            "entries expire with the window",
            code=(),
            tests=(),
        ),
        Bullet(
            "Ed25519 webhook signatures in the Standard Webhooks style: the sender signs with its "
            "private key, the receiver holds only the public key",
            code=(),
            tests=(),
        ),
        Bullet(
            "A signing client (an httpx.Auth) and every attack tried against the server, each "
            "refused with 401 or 400 in problem+json",
            code=(),
            tests=(),
        ),
    ),
    try_these=("python -m day19_signatures demo", "GET /orders"),
    smoke="GET /webhooks/events",
    has_demo=True,
    tags=("hmac", "ed25519", "webhooks", "replay protection"),
)
