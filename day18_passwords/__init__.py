"""Day 18 · Storing passwords: slow, salted, upgradable hashes — and a login that leaks nothing."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=18,
    title="Storing passwords",
    learn=(
        Bullet(
            "Hashing is not encryption: a password hash is one-way and salted, so two hashes of "
            "one password differ, and the salt and parameters travel inside the PHC string",
            code=(),
            tests=(),
        ),
        Bullet(
            "Argon2id for new hashes and bcrypt kept for old ones with passlib's CryptContext "
            '(deprecated="auto"), and a login that verifies, then upgrades an outdated hash atomically',
            code=(),
            tests=(),
        ),
        Bullet(
            "Cost calibrated to this machine: the strongest Argon2id and bcrypt parameters under a "
            "time target, never below the OWASP minimums",
            code=(),
            tests=(),
        ),
        Bullet(
            "bcrypt's 72-byte limit handled by refusing, never truncating: a 73-byte password whose "
            "first 72 bytes match is a different password",
            code=(),
            tests=(),
        ),
        Bullet(
            "Hashing off the event loop in a bounded thread pool, so /health answers while 20 "
            "logins hash at once",
            code=(),
            tests=(),
        ),
        Bullet(
            'The same 401 and the same work for "no such user" and "wrong password": unknown '
            "users are checked against a dummy hash",
            code=(),
            tests=(),
        ),
        Bullet(
            "A NIST SP 800-63B password policy: 8+ characters, passphrases up to 1024, no "
            "composition rules, a breached-password list, Unicode normalised (NFKC)",
            code=(),
            tests=(),
        ),
        Bullet(
            "Every attack named in the README tried against the running lesson and refused: "
            "enumeration, NoSQL operator injection, over-long passwords, truncation, empty passwords",
            code=(),
            tests=(),
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
