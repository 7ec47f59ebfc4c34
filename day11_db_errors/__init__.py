"""Day 11: when the database fails — timeouts, retries, a circuit breaker, health vs readiness."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=11,
    title="When the database fails",
    learn=(
        Bullet(
            "Connection errors and timeouts (`serverSelectionTimeoutMS`, `connectTimeoutMS`, "
            "PyMongo's client-side `timeoutMS` / `pymongo.timeout()`) answered as 503 or 504 "
            "problem+json, never a hung request",
            code=(
                "guard.py:DbGuard.run",
                "guard.py:Timeouts",
                "failures.py:as_problem",
                "app.py:database_lifespan",
            ),
            tests=(
                "tests/test_retries.py::test_outages_map_to_503_or_504",
                "tests/test_outages.py::test_a_frozen_server_answers_504_within_the_budget_and_health_stays_up",
                "tests/test_timeouts.py::test_a_client_side_operation_timeout_replaces_server_selection_timeout",
            ),
        ),
        Bullet(
            "Retries with exponential backoff and full jitter (tenacity) for idempotent operations "
            "only: reads, an upsert by a client-supplied id, a delete",
            code=("retries.py:RetryPolicy", "items.py:Items"),
            tests=(
                "tests/test_retries.py::test_backoff_caps_double_up_to_the_maximum",
                "tests/test_retries.py::test_jitter_spreads_the_waits",
                "tests/test_duplicate_writes.py::test_put_by_id_is_retried_and_still_stores_one_item",
            ),
        ),
        Bullet(
            "Why a plain insert is not retried: a lost reply plus a blind retry writes the "
            "document twice",
            code=("items.py:Items.create", "guard.py:DbGuard.write_once"),
            tests=(
                "tests/test_duplicate_writes.py::test_a_blind_retry_of_an_insert_writes_it_twice",
                "tests/test_duplicate_writes.py::test_post_is_attempted_once_and_says_the_outcome_is_unknown",
                "tests/test_retries.py::test_the_guard_retries_reads_but_writes_a_plain_insert_once",
            ),
        ),
        Bullet(
            "A circuit breaker (closed, open, half-open) that fails fast without touching the "
            "database, shown in `GET /ready`",
            code=("breaker.py:CircuitBreaker", "app.py:ready"),
            tests=(
                "tests/test_breaker.py::test_opens_after_n_failures_in_a_row_then_fails_fast_without_calling",
                "tests/test_breaker.py::test_half_opens_after_the_timeout_and_a_successful_trial_closes_it",
                "tests/test_outages.py::test_a_closed_port_answers_503_then_the_open_breaker_answers_without_trying",
            ),
        ),
        Bullet(
            "Liveness (`/health` never touches the database) vs readiness (`/ready` pings it, "
            "503 until it answers)",
            code=("readiness.py:check", "app.py:ready", "shared/app.py:create_app"),
            tests=(
                "tests/test_items.py::test_ready_reports_the_database_and_a_closed_breaker",
                "tests/test_outages.py::test_a_frozen_server_answers_504_within_the_budget_and_health_stays_up",
                "tests/test_live.py::test_late_database_start_over_a_real_server",
            ),
        ),
        Bullet(
            "Graceful start-up when the database comes up late: the app serves, says 503, and "
            "recovers by itself",
            code=("app.py:database_lifespan", "readiness.py:watch_start_up"),
            tests=(
                "tests/test_live.py::test_late_database_start_over_a_real_server",
                "tests/test_outages.py::test_stopped_and_restarted_server_breaker_opens_and_closes_ready_flips",
            ),
        ),
    ),
    needs=("mongo",),
    try_these=("GET /ready", "GET /items"),
    smoke="GET /ready",
    tags=("timeouts", "retries", "circuit breaker", "readiness"),
)
