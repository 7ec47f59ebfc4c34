"""Day 04: an HTTP/1.1 server from a TCP socket up — then the same handler as a raw ASGI app."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=4,
    title="An HTTP/1.1 server without a framework",
    learn=(
        Bullet(
            "HTTP/1.1 on the wire: the request line, header fields and a `Content-Length` body, "
            "parsed by hand (RFC 9112)",
            code=("parsing.py:parse_head", "parsing.py:body_length"),
            tests=(
                "tests/test_http11.py::test_parse_head_reads_request_line_and_fields",
                "tests/test_http11.py::test_parse_head_refuses_ambiguous_heads",
                "tests/test_http11.py::test_content_length_frames_the_body",
            ),
        ),
        Bullet(
            "Keep-alive: many requests on one TCP connection, and when the server must close it",
            code=("parsing.py:wants_keep_alive", "server.py:HTTPServer._connection"),
            tests=(
                "tests/test_http11.py::test_keep_alive_serves_two_requests_on_one_connection",
                "tests/test_http11.py::test_connection_close_is_honoured",
                "tests/test_http11.py::test_http10_closes_unless_keep_alive_is_asked_for",
            ),
        ),
        Bullet(
            "Status codes a server owes its clients: 400, 404, 405, 408, 411, 413, 414, 431, 505",
            code=("parsing.py", "handler.py:handle", "messages.py:problem"),
            tests=(
                "tests/test_bad_input.py::test_bad_request_gets_its_status_and_a_closed_connection",
                "tests/test_http11.py::test_status_line_and_headers",
                "tests/test_hostile_clients.py::test_slowloris_head_gets_408_at_the_head_deadline",
            ),
        ),
        Bullet(
            "Surviving hostile clients: size limits, slowloris timeouts, clients that hang up",
            code=(
                "server.py:HTTPServer._read_head",
                "deadline.py:Deadline",
                "server.py:HTTPServer._linger",
            ),
            tests=(
                "tests/test_hostile_clients.py::test_slowloris_head_gets_408_at_the_head_deadline",
                "tests/test_hostile_clients.py::test_client_hanging_up_mid_body_harms_no_other",
                "tests/test_bad_input.py::"
                "test_upload_refused_with_413_is_readable_while_still_uploading",
            ),
        ),
        Bullet(
            "Many clients at once: one asyncio task per connection on `asyncio.start_server`",
            code=("server.py:HTTPServer.start", "server.py:HTTPServer._connection"),
            tests=(
                "tests/test_concurrency.py::test_sixty_concurrent_connections_are_all_answered",
                "tests/test_bad_input.py::test_bad_request_leaves_the_server_serving_others",
            ),
        ),
        Bullet(
            "The same handler as a raw ASGI app under uvicorn, and requests/s of both side by side",
            code=("asgi.py:asgi_app", "app.py:create_app", "bench.py"),
            tests=(
                "tests/test_asgi.py::test_uvicorn_and_our_server_answer_the_same",
                "tests/test_asgi.py::test_health_under_uvicorn_from_the_app_factory",
                "tests/test_bench.py::test_table_shows_our_rate_divided_by_each_peer",
            ),
        ),
    ),
    try_these=("GET /hello?name=Ada", "python -m day04_http_server demo"),
    smoke="GET /hello?name=Ada",
    has_demo=True,
    openapi=False,  # no framework, so no /openapi.json: the route list at / is written by hand
    tags=("http", "asyncio", "asgi", "sockets"),
)
