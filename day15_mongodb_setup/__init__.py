"""Day 15 · MongoDB set-up: getting a server, connection strings, readiness and a CRUD API."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=15,
    title="MongoDB set-up",
    learn=(
        Bullet(
            "Getting MongoDB: Debian/Ubuntu packages from MongoDB's repository, Docker "
            "(`mongo:8`), Atlas's free tier — or no install at all, with the embedded nx-27017",
            code=("README.md", "shared/mongo.py:EmbeddedMongo", "shared/mongo.py:open_mongo"),
            tests=(
                "tests/test_readme.py::test_three_ways_to_get_mongodb",
                "tests/test_live.py::test_the_banner_says_which_mongodb",
            ),
        ),
        Bullet(
            "Connection strings: `mongodb://` vs `mongodb+srv://`, and the options that matter "
            "(authSource, replicaSet, retryWrites, w, readPreference, serverSelectionTimeoutMS, "
            "appName, tls), split by PyMongo's `parse_uri` with passwords redacted",
            code=(
                "connection_strings.py:parse",
                "connection_strings.py:redact_uri",
                "connection_strings.py:MEANINGS",
            ),
            tests=(
                "tests/test_connection_strings.py::test_a_seed_list_a_database_and_the_options_that_matter",
                "tests/test_connection_strings.py::test_mongodb_srv_is_one_name_and_dns_does_the_rest",
                "tests/test_connection_strings.py::test_secrets_never_come_back",
            ),
        ),
        Bullet(
            "Which MongoDB a lesson uses: `shared.mongo` opens `MONGODB_URL` when it is set, else "
            "starts nx-27017 — and the banner, `GET /connection` and `python -m course doctor` "
            "say so",
            code=("readiness.py:connection", "shared/backends.py:choose"),
            tests=(
                "tests/test_which_mongodb.py::test_the_choice_follows_mongodb_url",
                "tests/test_which_mongodb.py::test_course_doctor_names_this_lesson_and_its_backend",
                "tests/test_which_mongodb.py::test_connection_says_what_is_in_use",
            ),
        ),
        Bullet(
            "Liveness vs readiness: `/health` answers while the process runs; `/ready` pings the "
            "database and answers 503 problem+json when it cannot",
            code=("readiness.py:ready", "shared/mongo.py:ping"),
            tests=(
                "tests/test_which_mongodb.py::test_ready_pings_health_does_not",
                "tests/test_which_mongodb.py::test_ready_is_503_when_the_database_is_gone",
            ),
        ),
        Bullet(
            "CRUD with PyMongo's async API — `insert_one`, `find_one`, `find` with a filter and a "
            "limit, `update_one` with `$set`, `delete_one` — each with its mongosh command and "
            "Compass view",
            code=(
                "products.py:create",
                "products.py:get",
                "products.py:search",
                "products.py:update",
                "products.py:delete",
            ),
            tests=(
                "tests/test_live.py::test_crud_over_a_real_socket",
                "tests/test_products.py::test_list_with_a_filter_a_sort_and_a_limit",
                "tests/test_readme.py::test_every_call_has_its_mongosh_twin_in_the_table",
            ),
        ),
        Bullet(
            "Errors as answers: a malformed ObjectId is 422, a missing product 404, a duplicate "
            "sku 409 (a unique index); unknown fields and oversized input are refused and write "
            "nothing",
            code=(
                "products.py:object_id",
                "products.py:prepare",
                "products.py:DuplicateSku",
                "schemas.py",
            ),
            tests=(
                "tests/test_products.py::test_a_malformed_id_is_422_a_missing_one_404",
                "tests/test_products.py::test_a_duplicate_sku_is_409_thanks_to_a_unique_index",
                "tests/test_products.py::test_bad_input_is_refused_and_writes_nothing",
            ),
        ),
    ),
    needs=("mongo",),
    try_these=(
        "curl -s -X POST localhost:8015/products -H 'content-type: application/json' "
        """-d '{"sku": "MUG-001", "name": "Coffee mug", "category": "kitchen", "price_cents": 1250}'""",
        "GET /products?category=kitchen",
    ),
    smoke="GET /ready",
    tags=("mongodb", "connection strings", "crud", "readiness"),
)
