"""Day 07 · API testing: a Postman collection run by newman, and the same checks in pytest."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=7,
    title="API testing with Postman, newman and pytest",
    learn=(
        Bullet(
            "A Postman collection (v2.1 JSON) of requests with methods, headers, bodies and "
            "test scripts, plus an environment file for the values that change per machine",
            code=(
                "postman/tasks.postman_collection.json",
                "postman/local.postman_environment.json",
            ),
            tests=(
                "tests/test_newman.py::test_collection_is_v21_with_scripts_auth_and_a_chained_value",
                "tests/test_newman.py::test_environment_holds_the_per_machine_values",
            ),
        ),
        Bullet(
            "Auth headers: log in once, keep the token in a variable, send it as a Bearer "
            'header — the collection\'s `auth` block and the "Log in" script; the server side '
            "is `current_user`",
            code=("postman/tasks.postman_collection.json", "tasks.py:current_user"),
            tests=(
                "tests/test_newman.py::test_collection_logs_in_once_and_sends_the_token_as_a_bearer_header",
                "tests/test_same_checks.py::test_the_whole_chain",
                "tests/test_same_checks.py::test_another_users_token_cannot_see_my_task",
            ),
        ),
        Bullet(
            'Chain a value from one response into the next request — "Create a task" sets '
            "`taskId`, the next requests use `{{taskId}}` in their URL",
            code=("postman/tasks.postman_collection.json",),
            tests=(
                "tests/test_newman.py::test_created_id_is_chained_into_the_next_requests",
                "tests/test_same_checks.py::test_the_whole_chain",
            ),
        ),
        Bullet(
            "Run the collection with newman, the real Postman CLI, against the running lesson — "
            "the way CI runs it",
            code=("collection_run.py:run_collection", "demo.py:main"),
            tests=(
                "tests/test_newman.py::test_collection_passes_against_the_running_lesson",
                "tests/test_newman.py::test_a_failing_check_fails_the_run_and_names_the_assertion",
            ),
        ),
        Bullet(
            "The same checks as pytest + httpx (plus what is awkward in Postman: parametrised "
            "bad bodies, the state after each rejection), and how to debug a failing call",
            code=("tests/test_same_checks.py", "postman/debugging.postman_collection.json"),
            tests=(
                "tests/test_same_checks.py::test_the_whole_chain",
                "tests/test_same_checks.py::test_bad_bodies_are_422_and_write_nothing",
                "tests/test_newman.py::test_a_failing_check_fails_the_run_and_names_the_assertion",
            ),
        ),
    ),
    try_these=("POST /auth/token", "python -m day07_api_testing demo"),
    smoke="GET /tasks/stats",
    has_demo=True,
    tags=("postman", "newman", "pytest"),
)
