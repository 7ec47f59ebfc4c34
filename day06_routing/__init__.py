"""Day 06 · Routing: FastAPI as Express — routers, typed parameters, models, Depends, mounts."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=6,
    title="Routing with FastAPI",
    learn=(
        Bullet(
            "Split an API across `APIRouter`s and include each under a prefix — Express's "
            "`express.Router()` and `app.use('/books', router)`",
            code=("routers/", "app.py:create_app"),
            tests=(
                "tests/test_routers.py::test_each_router_is_included_under_its_prefix",
                "tests/test_routers.py::test_reviews_router_reads_book_id_from_its_prefix",
            ),
        ),
        Bullet(
            "Path and query parameters as typed, validated arguments (ranges, lengths, enums) — "
            "`req.params` and `req.query` without the parsing",
            code=("routers/books.py:list_books", "dependencies.py:pagination"),
            tests=(
                "tests/test_parameters.py::test_path_parameter_is_converted_to_int",
                "tests/test_parameters.py::test_bad_query_parameter_is_422",
            ),
        ),
        Bullet(
            "Request bodies validated by Pydantic models that reject unknown fields, and response "
            "models that keep internal fields out of every answer",
            code=("schemas.py:BookIn", "schemas.py:BookOut", "store.py:BookRecord"),
            tests=(
                "tests/test_models.py::test_bad_book_body_is_422_and_writes_nothing",
                "tests/test_models.py::test_internal_book_field_never_appears",
            ),
        ),
        Bullet(
            "Dependency injection with `Depends` (a shared store, pagination, a loader that "
            "404s), swapped in tests with `app.dependency_overrides`",
            code=("dependencies.py",),
            tests=(
                "tests/test_dependencies.py::test_store_dependency_can_be_overridden",
                "tests/test_dependencies.py::test_loader_dependency_is_shared_by_books_and_reviews",
            ),
        ),
        Bullet(
            "Mount a whole sub-app, a legacy `/v0` API with its own docs — "
            "`app.use('/v0', subApp)`",
            code=("legacy.py:create_legacy_app",),
            tests=(
                "tests/test_mount.py::test_mounted_app_answers_under_its_prefix",
                "tests/test_mount.py::test_mounted_app_has_its_own_docs_and_openapi",
            ),
        ),
        Bullet(
            "How FastAPI is built: Starlette routing and requests, Pydantic validation, and "
            "OpenAPI generated from both, seen in `app.routes`",
            code=("anatomy.py",),
            tests=(
                "tests/test_anatomy.py::test_fastapi_is_a_starlette_app",
                "tests/test_anatomy.py::test_openapi_is_generated_from_the_pydantic_models",
            ),
        ),
    ),
    try_these=("GET /books?genre=science", "GET /v0/books"),
    smoke="GET /books",
    tags=("fastapi", "express", "routing"),
)
