"""Day 05: the life of an API request, REST verbs, idempotency and status codes, on a notes API."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=5,
    title="Core concepts: a request's life, REST, idempotency",
    learn=(
        Bullet(
            "The life of an API request: DNS → TCP → HTTP → routing → handler → database → "
            "response, reported by `GET /lifecycle` and timed in a `Server-Timing` header",
            code=("lifecycle.py:lifecycle", "lifecycle.py:ArrivalClock"),
            tests=(
                "tests/test_lifecycle.py::test_steps_in_the_order_a_request_lives_them",
                "tests/test_lifecycle.py::test_every_response_carries_server_timing",
                "tests/test_lifecycle.py::test_on_a_real_server",
            ),
        ),
        Bullet(
            "REST resources and verbs: GET, POST, PUT, PATCH and DELETE on `/notes`",
            code=("notes/routers.py",),
            tests=(
                "tests/test_verbs.py::test_post_creates_201_with_location_and_etag",
                "tests/test_verbs.py::test_put_replaces_the_whole_note",
                "tests/test_verbs.py::test_delete_204_with_no_body",
            ),
        ),
        Bullet(
            "Idempotency: safe and idempotent methods, PUT and DELETE twice, the "
            "`Idempotency-Key` header",
            code=(
                "notes/services.py:NoteService.replace",
                "notes/services.py:NoteService.delete",
                "notes/services.py:NoteService.create",
                "notes/services.py:NoteService._save_if_changed",
            ),
            tests=(
                "tests/test_idempotency.py::test_put_twice_leaves_the_same_state",
                "tests/test_idempotency.py::test_delete_twice_same_state_second_answer_404",
                "tests/test_idempotency.py::test_idempotency_key_replays_the_first_result",
            ),
        ),
        Bullet(
            "Choosing status codes: 200, 201, 204, 400, 404, 405, 409, 412, 413, 422",
            code=(
                "notes/routers.py:STATUS_FOR",
                "app.py:not_json_is_400",
                "app.py:method_not_allowed",
            ),
            tests=(
                "tests/test_conflicts.py::test_deleting_a_pinned_note_is_409_until_unpinned",
                "tests/test_conflicts.py::test_if_match_stops_a_lost_update_with_412",
                "tests/test_verbs.py::test_wrong_verb_is_405_and_allow_lists_every_method",
            ),
        ),
        Bullet(
            "The folder structure of a real service: routers → services → repositories, "
            "schemas at the edge",
            code=("notes/",),
            tests=(
                "tests/test_structure.py::test_each_layer_imports_only_downwards",
                "tests/test_structure.py::test_the_layers_exist_and_are_used_in_order",
                "tests/test_structure.py::test_the_service_runs_without_http",
            ),
        ),
        Bullet(
            "Refusing bad input before anything is written, with limits read from "
            "`shared.settings`",
            code=("notes/schemas.py:StrictInput", "notes/schemas.py:NoteIn", "app.py:create_app"),
            tests=(
                "tests/test_bad_input.py::test_bad_bodies_are_refused_and_write_nothing",
                "tests/test_bad_input.py::test_oversized_declared_body_is_413",
                "tests/test_bad_input.py::test_the_body_limit_comes_from_settings",
            ),
        ),
    ),
    try_these=(
        "GET /lifecycle",
        "curl -i localhost:8005/notes -H 'content-type: application/json' -d '{\"title\": \"milk\"}'",
    ),
    smoke="GET /notes",
    tags=("rest", "http", "idempotency", "status codes"),
)
