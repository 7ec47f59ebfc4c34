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
            code=("app.py:token_pair", "refresh_tokens.py:new_refresh_token"),
            tests=(
                "tests/test_tokens.py::test_login_answers_a_short_jwt_and_a_long_opaque_token",
                "tests/test_tokens.py::test_the_access_token_is_checked_without_the_database",
                "tests/test_attacks.py::test_refresh_token_used_as_an_access_token",
            ),
        ),
        Bullet(
            "Refresh tokens stored only as SHA-256 hashes in MongoDB — a leaked database holds no "
            "usable token — with a unique index on the hash, an index on the family, a TTL index, "
            "and expiry enforced in code as well",
            code=(
                "refresh_tokens.py:token_hash",
                "refresh_tokens.py:ensure_indexes",
                "rotation.py:Sessions._live",
            ),
            tests=(
                "tests/test_storage.py::test_the_raw_token_never_reaches_the_database_or_the_logs",
                "tests/test_storage.py::test_the_collection_has_its_indexes",
                "tests/test_storage.py::test_expiry_is_enforced_by_the_code_not_only_by_the_ttl_index",
            ),
        ),
        Bullet(
            "Rotation: every refresh consumes the old token atomically (`find_one_and_update` "
            "filtered on `used_at: None`), so of two concurrent refreshes exactly one wins",
            code=("rotation.py:Sessions.rotate", "rotation.py:Sessions._consume"),
            tests=(
                "tests/test_rotation.py::test_every_refresh_rotates_the_token_and_links_the_chain",
                "tests/test_rotation.py::test_a_burst_of_refreshes_has_exactly_one_winner",
                "tests/test_attacks.py::test_concurrent_double_refresh",
            ),
        ),
        Bullet(
            "Reuse detection (RFC 9700 §4.14): a refresh token presented a second time revokes its "
            "whole family, so a stolen token locks out the thief — and the user, until they log "
            "in again",
            code=("rotation.py:Sessions._live", "rotation.py:Sessions.revoke_family", "demo.py"),
            tests=(
                "tests/test_reuse_detection.py::test_theft_then_the_user_refreshes_first",
                "tests/test_reuse_detection.py::test_theft_then_the_thief_refreshes_first",
                "tests/test_reuse_detection.py::test_a_reuse_deep_in_the_chain_revokes_every_descendant",
            ),
        ),
        Bullet(
            "Authentication as a FastAPI dependency (`current_user` from the Bearer access token), "
            "and why a dependency rather than a middleware",
            code=("current_user.py:current_user",),
            tests=(
                "tests/test_current_user.py::test_every_protected_route_refuses_a_request_without_a_token",
                "tests/test_current_user.py::test_the_dependency_shows_in_the_openapi_where_it_is_declared",
                "tests/test_current_user.py::test_the_dependency_can_be_replaced_in_a_test",
            ),
        ),
        Bullet(
            "Logout of one device (its token family) vs all devices, and why an access token "
            "stays valid until it expires (Day 23 adds the denylist)",
            code=("app.py:logout", "app.py:logout_all", "rotation.py:Sessions.revoke_family"),
            tests=(
                "tests/test_logout.py::test_logout_ends_this_device_only",
                "tests/test_logout.py::test_logout_all_ends_every_session_of_that_user_only",
                "tests/test_logout.py::test_an_access_token_outlives_its_session_until_it_expires",
            ),
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
