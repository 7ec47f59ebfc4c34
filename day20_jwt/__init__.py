"""Day 20: JWT — what a token is, how it is signed and checked, and how it travels safely."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=20,
    title="JWT and cookies",
    learn=(
        Bullet(
            "A JWT is three base64url parts — header, payload, signature — and decoding one by hand "
            "proves nothing: decoding is not verifying",
            code=(),
            tests=(),
        ),
        Bullet(
            "Signing with HS256 (one shared secret) and EdDSA/Ed25519 (a private key signs, the "
            "public key verifies and is published as a JWKS)",
            code=(),
            tests=(),
        ),
        Bullet(
            "Claims checked on every request: exp, nbf, iat, iss, aud, sub, jti, and the explicit "
            "at+jwt type (RFC 9068)",
            code=(),
            tests=(),
        ),
        Bullet(
            "An algorithm allow-list per key, chosen by the server: alg=none, algorithm confusion, "
            "tampered, foreign, malformed and oversized tokens are refused with 401",
            code=(),
            tests=(),
        ),
        Bullet(
            "A login → protected route flow, with a constant-time password check",
            code=(),
            tests=(),
        ),
        Bullet(
            "The token delivered two ways: an HttpOnly, Secure, SameSite=Strict cookie and a Bearer "
            "header (the header wins), with a CSRF guard for cookies — and why not localStorage",
            code=(),
            tests=(),
        ),
    ),
    try_these=(
        "curl -s -X POST localhost:8020/auth/login -H 'content-type: application/json' "
        """-d '{"username": "ada", "password": "analytical-engine"}'""",
        "python -m day20_jwt demo",
    ),
    smoke="GET /.well-known/jwks.json",
    has_demo=True,
    tags=("jwt", "ed25519", "cookies", "csrf", "rfc 8725"),
)
