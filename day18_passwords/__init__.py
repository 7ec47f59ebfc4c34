"""Day 18 · Storing passwords: slow, salted, upgradable hashes — and a login that leaks nothing."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=18,
    title="Storing passwords",
    learn=(
        Bullet(
            "Hashing is not encryption: a password hash is one-way and salted, so two hashes of "
            "one password differ, and the salt and parameters travel inside the PHC string",
            code=("phc.py:parse", "demo.py:recompute", "demo.py:reversible"),
            tests=(
                "tests/test_hashing.py::test_encryption_gives_the_password_back_a_hash_does_not_contain_it",
                "tests/test_hashing.py::test_two_hashes_of_one_password_differ_by_their_salt",
                "tests/test_hashing.py::test_verifying_is_hashing_again_with_the_stored_salt",
            ),
        ),
        Bullet(
            "Argon2id for new hashes and bcrypt kept for old ones with passlib's `CryptContext` "
            '(`deprecated="auto"`), and a login that verifies, then upgrades an outdated hash '
            "atomically",
            code=(
                "shared/security.py:make_context",
                "users.py:authenticate",
                "users.py:replace_hash",
            ),
            tests=(
                "tests/test_hashing.py::test_new_hashes_are_argon2id_and_old_schemes_or_parameters_are_outdated",
                "tests/test_accounts.py::test_login_upgrades_an_outdated_hash",
                "tests/test_accounts.py::test_the_upgrade_is_atomic_a_stale_login_cannot_bring_an_old_hash_back",
            ),
        ),
        Bullet(
            "Cost calibrated to this machine: the strongest Argon2id and bcrypt parameters under "
            "a time target, never below the OWASP minimums",
            code=("calibrate.py:calibrate", "config.py:PasswordSettings"),
            tests=(
                "tests/test_calibrate.py::test_picks_the_strongest_cost_under_the_target",
                "tests/test_calibrate.py::test_a_slow_machine_keeps_the_floor_never_less",
                "tests/test_hashing.py::test_the_floor_is_owasps_minimum_and_the_lesson_refuses_less",
            ),
        ),
        Bullet(
            "bcrypt's 72-byte limit handled by refusing, never truncating: a 73-byte password "
            "whose first 72 bytes match is a different password",
            code=(
                "shared/security.py:PasswordHasher.verify_blocking",
                "policy.py:PasswordPolicy",
            ),
            tests=(
                "tests/test_attacks.py::test_bcrypt_truncation_a_73_byte_password_is_not_its_72_byte_prefix",
                "tests/test_policy.py::test_with_bcrypt_as_the_scheme_over_72_bytes_is_refused_by_name",
            ),
        ),
        Bullet(
            "Hashing off the event loop in a bounded thread pool, so `/health` answers while 20 "
            "logins hash at once",
            code=("shared/security.py:PasswordHasher",),
            tests=(
                "tests/test_live.py::test_health_answers_while_20_logins_hash",
                "tests/test_accounts.py::test_hashing_runs_in_the_pool_not_on_the_event_loop",
            ),
        ),
        Bullet(
            'The same 401 and the same work for "no such user" and "wrong password": unknown '
            "users are checked against a dummy hash",
            code=(
                "users.py:InvalidCredentials",
                "shared/security.py:PasswordHasher.verify_blocking",
            ),
            tests=(
                "tests/test_attacks.py::test_user_enumeration_by_error_message",
                "tests/test_attacks.py::test_user_enumeration_by_timing_an_unknown_user_costs_a_real_verify",
            ),
        ),
        Bullet(
            "A NIST SP 800-63B password policy: 8+ characters, passphrases up to 1024, no "
            "composition rules, a breached-password list, Unicode normalised (NFKC)",
            code=("policy.py", "breached.py"),
            tests=(
                "tests/test_policy.py::test_eight_characters_are_enough_seven_are_not",
                "tests/test_policy.py::test_passphrases_up_to_1024_characters_and_not_one_more",
                "tests/test_policy.py::test_breached_passwords_are_refused_in_any_case",
            ),
        ),
        Bullet(
            "Every attack in the README's *Break it* table tried against the lesson and "
            "refused: enumeration, NoSQL operator injection, over-long passwords, truncation, "
            "empty passwords",
            code=("schemas.py:Credentials", "tests/test_attacks.py"),
            tests=(
                "tests/test_attacks.py::test_nosql_operator_injection_is_a_422",
                "tests/test_attacks.py::test_over_long_passwords_are_refused_before_any_hashing",
                "tests/test_attacks.py::test_empty_password",
            ),
        ),
    ),
    needs=("mongo",),
    try_these=(
        "curl -s -X POST localhost:8018/signup -H 'content-type: application/json' "
        """-d '{"username": "ada", "password": "correct horse battery staple"}'""",
        "python -m day18_passwords demo",
    ),
    smoke="GET /password-policy",
    has_demo=True,
    tags=("argon2id", "bcrypt", "passlib", "owasp", "nist 800-63b"),
)
