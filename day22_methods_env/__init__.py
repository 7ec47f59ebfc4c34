"""Day 22 · Model methods and environment: behaviour on the model, configuration outside the code."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=22,
    title="Model methods and environment",
    learn=(
        Bullet(
            "Instance methods on a model, Mongoose's `methods`: `user.check_password()`, "
            "`user.rename()`, `await user.save(db)`, `user.to_public()`",
            code=(),
            tests=(),
        ),
        Bullet(
            "Class and static methods, Mongoose's `statics`: `User.find_by_email()`, "
            "`User.authenticate()`, `User.from_signup()`, `User.normalize_email()`",
            code=(),
            tests=(),
        ),
        Bullet(
            "Virtuals as Pydantic computed fields: `full_name` is in every answer and never stored",
            code=(),
            tests=(),
        ),
        Bullet(
            "Settings from the environment with pydantic-settings, and who wins: arguments > "
            "environment variables > .env > defaults, shown per value by GET /config",
            code=(),
            tests=(),
        ),
        Bullet(
            "Prefixes and nested settings: `DAY22_SESSION__MAX_AGE_S` sets `session.max_age_s`",
            code=(),
            tests=(),
        ),
        Bullet(
            "Secrets as SecretStr: masked in repr, str, JSON and /config, and absent from every "
            "log line — checked by scanning all of them",
            code=(),
            tests=(),
        ),
        Bullet(
            "Per-environment settings chosen by ENVIRONMENT: log level, API docs, the cookie "
            "Secure flag and development-only views differ between development, test and production",
            code=(),
            tests=(),
        ),
        Bullet(
            "Failing fast: outside development a missing, placeholder or short SECRET_KEY stops "
            "start-up with one line naming the variable, never its value",
            code=(),
            tests=(),
        ),
    ),
    needs=("mongo",),
    try_these=(
        "GET /config",
        "ENVIRONMENT=production python -m day22_methods_env   # refused: SECRET_KEY is not set",
    ),
    smoke="GET /config",
    tags=("mongoose methods", "statics", "virtuals", "pydantic-settings", "12-factor", "secrets"),
)
