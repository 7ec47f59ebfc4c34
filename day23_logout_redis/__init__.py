"""Day 23: logout with stateless tokens — a Redis denylist, and server-side sessions to compare."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=23,
    title="Logout with Redis",
    learn=(
        Bullet(
            "Logout with stateless tokens: every access token carries a `jti`, `POST /auth/logout` "
            "puts it on a Redis denylist, and every protected route checks the signature first "
            "and the denylist second",
            code=(
                "current_user.py:current_user",
                "denylist.py:revoke",
                "denylist.py:is_revoked",
                "app.py:logout",
            ),
            tests=(
                "tests/test_denylist.py::"
                "test_logout_puts_the_jti_on_the_denylist_and_the_token_stops_working",
                "tests/test_attacks.py::test_a_forged_jti_breaks_the_signature",
                "tests/test_attacks.py::test_a_signed_token_with_a_foreign_jti_never_reaches_redis",
            ),
        ),
        Bullet(
            "A denylist that bounds itself: each entry lives exactly as long as its token could "
            "still be accepted (`exp + leeway − now`, at least 1 s), so Redis never keeps the id "
            "of a token that is dead anyway",
            code=("denylist.py:remaining_life_ms",),
            tests=(
                "tests/test_denylist.py::test_the_ttl_is_the_tokens_remaining_life_leeway_included",
                "tests/test_denylist.py::test_remaining_life",
                "tests/test_denylist.py::test_the_entry_is_gone_once_the_token_has_expired",
            ),
        ),
        Bullet(
            "Redis basics the lesson uses: strings, `SET` with `EX`/`PX`/`NX`, `GET`, `DEL`, "
            "`EXPIRE`/`TTL`, `INCR` (a failed-login counter in a time window), transactions, and "
            "a keyspace naming convention (`app:kind:id`)",
            code=(
                "keyspace.py:Keyspace",
                "login_guard.py:LoginGuard.attempt",
                "denylist.py:revoke",
            ),
            tests=(
                "tests/test_redis_basics.py::test_every_key_follows_the_naming_convention_and_expires",
                "tests/test_redis_basics.py::"
                "test_set_nx_makes_logout_idempotent_and_never_moves_the_expiry",
                "tests/test_redis_basics.py::"
                "test_incr_counts_failed_logins_in_a_window_that_does_not_slide",
            ),
        ),
        Bullet(
            "Server-side sessions in Redis as the alternative: a random id in an `HttpOnly` "
            "cookie, the data in a hash with a sliding TTL, a new id at every login (no session "
            "fixation), instant revocation by `DEL` — compared with JWT + denylist on revocation, "
            "scalability, storage and latency",
            code=("sessions.py:SessionStore", "sessions.py:set_session_cookie"),
            tests=(
                "tests/test_sessions.py::test_each_use_slides_the_idle_timeout",
                "tests/test_attacks.py::test_session_fixation_login_always_issues_a_new_id",
                "tests/test_sessions.py::test_the_two_designs_compared",
            ),
        ),
        Bullet(
            "When Redis is down, a stated policy: the denylist check fails closed (503 "
            "problem+json: a logged-out token never works again), and logout answers 503 rather "
            "than pretend",
            code=("redis_down.py:unavailable_means", "redis_down.py:RedisDown"),
            tests=(
                "tests/test_redis_down.py::test_redis_down_fails_closed_and_logout_never_pretends",
                "tests/test_redis_down.py::test_a_logout_whose_write_fails_says_it_did_not_happen",
            ),
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
