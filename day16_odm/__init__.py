"""Day 16: a model layer over MongoDB — Mongoose's ideas in a few hundred lines of Python."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=16,
    title="A model layer (Mongoose in Python)",
    learn=(
        Bullet(
            "Schemas and models with Pydantic: a `Document` base that maps `id` to `_id` and "
            "validates on the way in and on the way out",
            code=(
                "document.py:Document",
                "document.py:ObjectIdField",
                "document.py:Document.to_mongo",
                "document.py:Document.from_mongo",
                "models.py",
            ),
            tests=(
                "tests/test_documents.py::test_id_is_underscore_id_in_mongo_and_id_in_json",
                "tests/test_documents.py::test_invalid_fields_are_refused_before_anything_is_written",
                "tests/test_documents.py::test_a_stored_document_that_breaks_the_schema_is_reported_clearly",
            ),
        ),
        Bullet(
            "Defaults and hooks: timestamps, a default status, a slug derived from the title, "
            "normalised e-mail addresses",
            code=(
                "models.py:Book._slug_from_title",
                "models.py:Email",
                "document.py:now_ms",
                "document.py:Document.update",
            ),
            tests=(
                "tests/test_documents.py::test_defaults_and_hooks_fill_in_the_document",
                "tests/test_documents.py::test_update_sets_updated_at_and_keeps_created_at",
                "tests/test_documents.py::test_a_title_with_no_letters_gives_no_slug_and_a_422",
            ),
        ),
        Bullet(
            "Indexes declared on the model and created at start-up; a unique index turned into "
            "409 problem+json",
            code=(
                "document.py:Index",
                "document.py:Meta",
                "document.py:DuplicateKey",
                "indexes.py:ensure_indexes",
                "app.py:create_app",
            ),
            tests=(
                "tests/test_indexes.py::test_declared_indexes_exist_after_start_up",
                "tests/test_indexes.py::test_ensure_indexes_is_idempotent",
                "tests/test_indexes.py::test_a_duplicate_email_is_a_409_in_the_shared_format",
            ),
        ),
        Bullet(
            "Query building: filter, sort, limit and projection, with field names checked "
            "against the model",
            code=("query.py:Query", "query.py:check_filter"),
            tests=(
                "tests/test_queries.py::test_find_sort_limit_returns_validated_models",
                "tests/test_queries.py::test_field_names_are_checked_when_the_query_is_built",
                "tests/test_queries.py::test_select_projects_and_needs_lean",
            ),
        ),
        Bullet(
            "Cursor pagination on `_id` with an opaque cursor, a bounded page size, and tampered "
            "cursors refused",
            code=(
                "pagination.py:page_of",
                "pagination.py:encode_cursor",
                "pagination.py:decode_cursor",
            ),
            tests=(
                "tests/test_pagination.py::test_keyset_pages_stay_stable_while_others_insert",
                "tests/test_pagination.py::test_page_size_outside_the_limit_is_refused",
                "tests/test_pagination.py::test_a_tampered_or_garbage_cursor_is_a_422",
            ),
        ),
        Bullet(
            "Avoiding N+1: one `$in` query for a page's authors (populate), counted with "
            "PyMongo's command monitoring",
            code=(
                "populate.py:populate_authors",
                "shared/dbwatch.py:watching",
                "shared/dbwatch.py:ShowCommands",
            ),
            tests=(
                "tests/test_populate.py::test_a_page_with_authors_costs_two_finds",
                "tests/test_populate.py::test_the_naive_join_costs_one_find_per_book",
                "tests/test_populate.py::test_populate_asks_once_for_distinct_authors",
            ),
        ),
        Bullet(
            "Lean reads: plain dicts without validation, and what they save (measured by the demo)",
            code=("query.py:Query.lean", "app.py:list_books", "demo.py:narrate"),
            tests=(
                "tests/test_queries.py::test_lean_returns_the_drivers_dicts_unvalidated",
                "tests/test_queries.py::test_fields_parameter_returns_only_the_requested_fields",
                "tests/test_demo.py::test_demo_prints_indexes_errors_measurements_and_the_n_plus_1",
            ),
        ),
    ),
    needs=("mongo",),
    try_these=("GET /books/with-authors", "python -m day16_odm demo"),
    smoke="GET /books",
    has_demo=True,
    tags=("mongoose", "odm", "pydantic", "pagination", "n+1"),
)
