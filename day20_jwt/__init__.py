"""Day 20: JWT — what a token is, how it is signed and checked, and how it travels safely."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=20,
    title="JWT and cookies",
    learn=(
        Bullet(
            "A JWT is three base64url parts — header, payload, signature — and decoding one by "
            "hand proves nothing: decoding is not verifying (`POST /tokens/inspect`)",
            code=("anatomy.py:inspect", "app.py:inspect_token"),
            tests=(
                "tests/test_anatomy.py::test_hand_decoding_matches_what_pyjwt_reads",
                "tests/test_anatomy.py::test_inspect_endpoint_shows_the_parts_and_says_it_verified_nothing",
                "tests/test_anatomy.py::test_decoding_is_not_verifying",
            ),
        ),
        Bullet(
            "Signing with HS256 (one shared secret) and EdDSA/Ed25519 (a private key signs, the "
            "public key verifies and is published as a JWKS)",
            code=("shared/tokens.py:SigningKey", "shared/tokens.py:KeyRing.jwks"),
            tests=(
                "tests/test_tokens.py::test_both_algorithms_sign_tokens_the_api_accepts",
                "tests/test_tokens.py::test_jwks_publishes_the_public_key_only_and_it_verifies_our_tokens",
            ),
        ),
        Bullet(
            "Claims checked on every request: `exp`, `nbf`, `iat`, `iss`, `aud`, `sub`, `jti`, "
            "and the explicit `at+jwt` type (RFC 9068)",
            code=("shared/tokens.py:issue", "shared/tokens.py:verify", "app.py:authenticated"),
            tests=(
                "tests/test_tokens.py::test_claims_of_an_access_token",
                "tests/test_tokens.py::test_every_request_is_checked_not_just_the_first",
                "tests/test_attacks.py::test_missing_claim",
            ),
        ),
        Bullet(
            "An algorithm allow-list per key, chosen by the server: `alg=none`, algorithm "
            "confusion, tampered, foreign, malformed and oversized tokens are refused with 401",
            code=("shared/tokens.py:verify", "attacks.py"),
            tests=(
                "tests/test_attacks.py::test_alg_none",
                "tests/test_attacks.py::test_alg_confusion",
                "tests/test_attacks.py::test_the_demo_catalogue_is_refused_for_the_reason_it_names",
            ),
        ),
        Bullet(
            "A login → protected route flow, with a constant-time password check",
            code=(
                "app.py:login",
                "shared/demo_users.py:authenticate",
                "shared/demo_users.py:passwords_match",
            ),
            tests=(
                "tests/test_login.py::test_login_then_the_protected_route",
                "tests/test_login.py::test_every_login_compares_in_constant_time",
            ),
        ),
        Bullet(
            "The token delivered two ways: an HttpOnly, Secure, SameSite=Strict cookie and a "
            "Bearer header (the header wins), with a CSRF guard for cookies — and why not "
            "localStorage",
            code=("cookies.py",),
            tests=(
                "tests/test_cookies.py::test_login_sets_an_httponly_secure_samesite_cookie",
                "tests/test_cookies.py::test_the_header_wins_over_the_cookie",
                "tests/test_cookies.py::test_csrf_cookie_authenticated_writes_need_the_custom_header",
            ),
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
