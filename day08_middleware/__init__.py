"""Day 08: middleware — the onion around every request, and what belongs in it."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=8,
    title="Middleware",
    learn=(
        Bullet(
            "What middleware is and the order it runs in (the onion), shown by the `X-Layers` "
            "header — the order set in one place, `install_middleware`",
            code=("onion.py:TraceLayer", "onion.py:Trace", "stack.py:install_middleware"),
            tests=(
                "tests/test_onion.py::test_public_route_shows_middleware_wrapping_the_handler",
                "tests/test_onion.py::test_add_middleware_puts_the_newest_layer_outside",
                "tests/test_onion.py::test_both_styles_of_middleware_are_in_the_built_stack",
            ),
        ),
        Bullet(
            "Writing middleware two ways: a pure ASGI class (`TraceLayer`) and "
            '`@app.middleware("http")` (`process_time`)',
            code=("onion.py:TraceLayer", "onion.py:process_time"),
            tests=(
                "tests/test_onion.py::test_both_styles_of_middleware_are_in_the_built_stack",
                "tests/test_onion.py::test_process_time_is_the_http_style_and_sets_its_header",
                "tests/test_onion.py::test_gzip_outside_an_http_style_middleware_compresses_even_tiny_bodies",
            ),
        ),
        Bullet(
            "A request id in and out, a `Server-Timing` header and an access log that carries "
            "the id — `RequestContext`, the course's own middleware from today on",
            code=("shared/middleware.py:RequestContext",),
            tests=(
                "tests/test_request_context.py::test_a_sane_request_id_is_echoed",
                "tests/test_request_context.py::test_server_timing_header_is_present",
                "tests/test_request_context.py::test_the_access_log_carries_the_request_id",
            ),
        ),
        Bullet(
            "An API-key guard on one router with a constant-time comparison, and when a guard "
            "belongs in a dependency rather than in middleware",
            code=("api_key.py:require_api_key", "api_key.py:keys_match", "app.py:admin"),
            tests=(
                "tests/test_api_key.py::test_only_the_admin_router_is_guarded",
                "tests/test_api_key.py::test_a_wrong_key_is_401_and_looks_like_a_missing_one",
                "tests/test_api_key.py::test_keys_match_compares_digests_in_constant_time",
            ),
        ),
        Bullet(
            "CORS with an explicit allow-list, and GZip above a minimum size",
            code=(
                "stack.py:ALLOWED_ORIGINS",
                "stack.py:GZIP_MINIMUM_BYTES",
                "stack.py:install_middleware",
            ),
            tests=(
                "tests/test_cors_gzip.py::test_preflight_from_another_origin_is_refused",
                "tests/test_cors_gzip.py::test_a_big_body_is_gzipped_for_a_client_that_accepts_it",
                "tests/test_cors_gzip.py::test_a_small_body_is_sent_as_is",
            ),
        ),
    ),
    try_these=("GET /onion", "GET /report?rows=50"),
    smoke="GET /onion",
    tags=("middleware", "asgi", "cors", "gzip", "request id"),
)
