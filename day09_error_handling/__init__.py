"""Day 09: centralised error handling — one problem+json format for every failure."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=9,
    title="Error handling",
    learn=(
        Bullet(
            "Exception handlers in one place, answering every failure as RFC 9457 "
            "problem+json — `install_problem_handlers`, installed by `create_service`",
            code=(
                "shared/errors.py:install_problem_handlers",
                "shared/errors.py:problem",
                "shared/service.py:create_service",
            ),
            tests=(
                "tests/test_domain_errors.py::test_routing_errors_use_the_same_format",
                "tests/test_shared_errors.py::test_each_error_kind_has_its_status_and_headers",
                "tests/test_shared_errors.py::test_install_problem_handlers_works_on_a_bare_app",
            ),
        ),
        Bullet(
            "Domain errors (not found, insufficient funds) mapped to status codes, "
            "with a problem type and extension members",
            code=("bank.py:AccountNotFound", "bank.py:InsufficientFunds", "bank.py:Bank.transfer"),
            tests=(
                "tests/test_domain_errors.py::test_a_missing_account_is_404_with_its_problem_type",
                "tests/test_domain_errors.py::test_insufficient_funds_is_409_and_moves_nothing",
                "tests/test_domain_errors.py::test_problem_types_are_documented_at_their_uri",
            ),
        ),
        Bullet(
            "Validation errors that list the bad fields without echoing what was sent",
            code=("shared/errors.py:_on_validation", "schemas.py"),
            tests=(
                "tests/test_validation.py::test_each_bad_field_is_listed_without_its_value",
                "tests/test_validation.py::test_broken_json_is_422_without_echo",
                "tests/test_validation.py::test_bad_transfers_are_422_and_write_nothing",
            ),
        ),
        Bullet(
            "Async errors: an exception from an awaited coroutine and from a `TaskGroup`'s task",
            code=("bank.py:Bank.get", "statement.py:statement", "shared/errors.py:_on_group"),
            tests=(
                "tests/test_async_errors.py::test_an_error_deep_in_awaited_coroutines_arrives_unchanged",
                "tests/test_async_errors.py::test_a_taskgroup_wraps_the_failure_in_an_exception_group",
                "tests/test_async_errors.py::test_the_handler_still_answers_that_group_as_a_404",
            ),
        ),
        Bullet(
            "Errors in background tasks: they cannot change the response, so catch, log and "
            "record them with the request id — served at `GET /jobs/failed`",
            code=("jobs.py:Jobs.schedule", "jobs.py:Jobs._run", "app.py:failed_jobs"),
            tests=(
                "tests/test_background_errors.py::test_a_failing_receipt_cannot_change_the_response",
                "tests/test_live.py::test_real_server_answers_problems_and_records_late_failures",
            ),
        ),
        Bullet(
            "No stack traces in production answers, the full traceback in the log with the same "
            "request id",
            code=("shared/errors.py:UnexpectedErrors", "reports.py:summary"),
            tests=(
                "tests/test_unexpected_errors.py::test_production_hides_everything_but_the_id",
                "tests/test_unexpected_errors.py::test_development_shows_the_exception_type",
            ),
        ),
    ),
    try_these=("GET /accounts/1", "GET /accounts/99"),
    smoke="GET /accounts/1",
    tags=("errors", "rfc 9457", "problem+json", "background tasks"),
)
