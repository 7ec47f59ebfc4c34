"""Day 22 · Model methods and environment: behaviour on the model, configuration outside the code."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=22,
    title="Model methods and environment",
    learn=(
        Bullet(
            "Instance methods on a model, Mongoose's `methods`: `user.check_password()`, "
            "`user.rename()`, `await user.save(db)`, `user.to_public()`",
            code=(
                "user.py:User.check_password",
                "user.py:User.rename",
                "user.py:User.save",
                "user.py:User.to_public",
            ),
            tests=(
                "tests/test_user_model.py::test_instance_methods_check_rename_save_and_show",
                "tests/test_user_model.py::test_save_turns_a_duplicate_address_into_a_conflict",
            ),
        ),
        Bullet(
            "Class and static methods, Mongoose's `statics`: `User.find_by_email()`, "
            "`User.authenticate()`, `User.from_signup()`, `User.normalize_email()`",
            code=(
                "user.py:User.find_by_email",
                "user.py:User.authenticate",
                "user.py:User.from_signup",
                "user.py:User.normalize_email",
            ),
            tests=(
                "tests/test_user_model.py::test_statics_find_authenticate_and_normalise",
                "tests/test_user_model.py::test_statics_work_on_subclasses_too",
            ),
        ),
        Bullet(
            "Virtuals as Pydantic computed fields: `full_name` is in every answer and never stored",
            code=("user.py:User.full_name", "user.py:User.to_document"),
            tests=(
                "tests/test_user_model.py::test_the_virtual_is_computed_shown_and_never_stored",
                "tests/test_api.py::test_signup_sets_a_session_and_answers_with_the_public_user",
            ),
        ),
        Bullet(
            "Settings from the environment with pydantic-settings, and who wins: arguments > "
            "environment variables > `.env` > defaults, shown per value by `GET /config`",
            code=(
                "shared/settings.py:Settings",
                "effective_config.py:where_from",
                "app.py:config",
            ),
            tests=(
                "tests/test_settings.py::"
                "test_precedence_arguments_then_environment_then_dotenv_then_defaults",
                "tests/test_settings.py::test_config_names_each_values_source",
            ),
        ),
        Bullet(
            "Prefixes and nested settings: `DAY22_SESSION__MAX_AGE_S` sets `session.max_age_s`",
            code=("config.py:LessonSettings", "config.py:SessionPolicy"),
            tests=(
                "tests/test_settings.py::test_nested_settings_with_a_prefix_and_a_delimiter",
                "tests/test_settings.py::test_a_bad_nested_value_stops_the_app_at_start",
            ),
        ),
        Bullet(
            "Secrets as `SecretStr`: masked in `repr`, `str`, JSON and `/config`, and absent from "
            "every log line — checked by scanning all of them",
            code=("shared/settings.py:Settings", "effective_config.py:describe"),
            tests=(
                "tests/test_secrets.py::test_settings_never_show_a_secret",
                "tests/test_secrets.py::test_no_log_line_and_no_response_shows_a_secret",
                "tests/test_secrets.py::test_a_validation_error_does_not_repeat_the_value",
            ),
        ),
        Bullet(
            "Per-environment settings chosen by `ENVIRONMENT`: log level, API docs, the cookie "
            "`Secure` flag and development-only views differ between development, test and "
            "production",
            code=("shared/settings.py:PROFILES", "app.py:create_app"),
            tests=(
                "tests/test_settings.py::test_environment_picks_the_defaults",
                "tests/test_settings.py::test_development_production_and_test_apps_differ",
                "tests/test_settings.py::test_a_variable_still_overrides_its_environments_default",
            ),
        ),
        Bullet(
            "Failing fast: outside development a missing, placeholder or short `SECRET_KEY` stops "
            "start-up with one line naming the variable, never its value",
            code=("shared/settings.py:Settings.require_secrets", "__main__.py"),
            tests=(
                "tests/test_secrets.py::test_outside_development_a_weak_secret_stops_the_app",
                "tests/test_secrets.py::test_the_real_process_refuses_without_a_traceback",
            ),
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
