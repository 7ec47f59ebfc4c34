"""Day 20: JWT — what a token is, how it is signed and checked, and how it travels safely."""

from shared.lesson import Lesson

LESSON = Lesson(
    day=20,
    title="JWT and cookies",
    learn=(
        "A JWT is three base64url parts — header, payload, signature — and decoding one by hand "
        "proves nothing: decoding is not verifying",
        "Signing with HS256 (one shared secret) and EdDSA/Ed25519 (a private key signs, the "
        "public key verifies and is published as a JWKS)",
        "Claims checked on every request: exp, nbf, iat, iss, aud, sub, jti, and the explicit "
        "at+jwt type (RFC 9068)",
        "An algorithm allow-list per key, chosen by the server: alg=none, algorithm confusion, "
        "tampered, foreign, malformed and oversized tokens are refused with 401",
        "A login → protected route flow, with a constant-time password check",
        "The token delivered two ways: an HttpOnly, Secure, SameSite=Strict cookie and a Bearer "
        "header (the header wins), with a CSRF guard for cookies — and why not localStorage",
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
