"""Day 01 · What a backend is: one JSON endpoint, one page that calls it, and what lies behind."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=1,
    title="What a backend is",
    learn=(
        Bullet(
            "Client and server: a browser page (the client) calls a JSON API (the server) with "
            "`fetch`",
            code=("index.html", "app.py:create_app"),
            tests=(
                "tests/test_page.py::test_page_is_html_that_fetches_the_api",
                "tests/test_page.py::test_browser_round_trip_over_a_real_server",
            ),
        ),
        Bullet(
            "Request and response: method, path, query string, headers, status code and a JSON "
            "body — a GET with a query string and a POST with a JSON body",
            code=("app.py:create_app", "app.py:Greeting", "app.py:EchoOut"),
            tests=(
                "tests/test_api.py::test_greeting_is_a_json_response",
                "tests/test_api.py::test_echo_answers_with_what_it_understood",
                "tests/test_api.py::test_method_and_path_pick_the_handler",
            ),
        ),
        Bullet(
            "Validation is the backend's job: bounded input, unknown fields refused, `422` for bad "
            "requests, before any code of yours runs",
            code=("app.py:EchoIn", "app.py:MAX_NAME", "app.py:create_app"),
            tests=(
                "tests/test_api.py::test_bad_name_is_refused_with_422",
                "tests/test_api.py::test_bad_echo_body_is_refused_with_422",
            ),
        ),
        Bullet(
            "A health endpoint, so people and tools can tell that the server is up",
            code=("app.py:Health", "app.py:create_app"),
            tests=("tests/test_api.py::test_health_says_the_server_is_up",),
        ),
        Bullet(
            "What else a backend is responsible for (persistence, auth, errors, limits, logs) and "
            "the day of the course that teaches each, served at `GET /api/responsibilities`",
            code=("responsibilities.py:DUTIES",),
            tests=("tests/test_api.py::test_responsibilities_name_the_duties_and_their_days",),
        ),
    ),
    try_these=("GET /api/greeting?name=Ada", "GET /api/responsibilities"),
    smoke="GET /api/greeting?name=Ada",
    tags=("client-server", "http", "json", "fetch"),
)
