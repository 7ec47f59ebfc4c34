"""Day 13 · MongoDB internals: BSON bytes, the types JSON lacks, _id, indexes and query plans."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=13,
    title="MongoDB internals",
    learn=(
        Bullet(
            "BSON byte by byte: a document is an int32 length, typed elements (type byte, cstring "
            "key, value) and a trailing `0x00` — encoded and decoded with PyMongo's `bson` package",
            code=(
                "bson_anatomy.py:annotate",
                "bson_anatomy.py:_Walker.document",
                "bson_anatomy.py:_Walker.element",
                "bson_anatomy.py:encode",
                "bson_anatomy.py:decode",
            ),
            tests=(
                "tests/test_bson_anatomy.py::test_a_document_is_a_length_typed_elements_and_a_trailing_zero",
                "tests/test_bson_anatomy.py::test_nested_documents_and_arrays_are_documents_inside_documents",
                "tests/test_bson_anatomy.py::test_encode_and_decode_over_http_round_trip",
            ),
        ),
        Bullet(
            "Malformed BSON is refused, not half-read: truncated, lying or garbled bytes get a 422 "
            "that names the offset",
            code=(
                "bson_anatomy.py:MalformedBson",
                "bson_anatomy.py:_Walker._take",
                "app.py:bson_decode",
            ),
            tests=(
                "tests/test_bson_anatomy.py::test_malformed_bytes_are_refused_with_the_reason",
                "tests/test_bson_anatomy.py::test_malformed_bson_is_a_422_problem_naming_the_offset",
                "tests/test_bson_anatomy.py::test_random_damage_never_gets_a_500",
            ),
        ),
        Bullet(
            "The types JSON lacks: ObjectId, UTC datetime in milliseconds, Decimal128 vs double "
            "(0.1 + 0.2), int32 vs int64, binary and UUID subtypes — and extended JSON to write them",
            code=(
                "bson_types.py:showcase",
                "bson_types.py:float_vs_decimal",
                "bson_types.py:int_width",
                "bson_anatomy.py:from_extended_json",
                "bson_anatomy.py:to_extended_json",
            ),
            tests=(
                "tests/test_bson_types.py::test_0_1_plus_0_2_is_exact_only_as_decimal128",
                "tests/test_bson_types.py::test_datetime_is_utc_milliseconds_and_microseconds_are_cut",
                "tests/test_bson_types.py::test_types_endpoint_and_extended_json_input",
            ),
        ),
        Bullet(
            "An ObjectId is made by the driver: a 4-byte timestamp, a 5-byte per-process random "
            "value and a 3-byte counter",
            code=(
                "objectid_anatomy.py:anatomy",
                "objectid_anatomy.py:fresh",
                "objectid_anatomy.py:parse",
            ),
            tests=(
                "tests/test_objectid.py::test_the_three_parts_are_read_from_the_bytes",
                "tests/test_objectid.py::test_ids_from_one_process_share_the_random_part_and_count_up",
                "tests/test_documents.py::test_the_driver_makes_the_objectid_before_sending",
            ),
        ),
        Bullet(
            "Documents, collections and `_id`: unique, immutable, an ObjectId by default, any "
            "non-array type if you choose it",
            code=(
                "documents.py:insert_city",
                "documents.py:update_city",
                "documents.py:index_list",
                "app.py:CityPatch.id_is_immutable",
            ),
            tests=(
                "tests/test_documents.py::test_default_id_over_http",
                "tests/test_documents.py::test_id_is_unique_and_any_type_you_choose",
                "tests/test_documents.py::test_id_is_immutable",
            ),
        ),
        Bullet(
            "Indexes and query plans: `explain` shows IXSCAN vs COLLSCAN and `totalDocsExamined` "
            "on MongoDB — and SQLite's plan on the embedded server, labelled as such",
            code=("query_plans.py:explain_find", "query_plans.py:summarise", "app.py:explain"),
            tests=(
                "tests/test_query_plans.py::test_reading_mongodb_plans",
                "tests/test_query_plans.py::test_reading_sqlite_plans_says_what_they_are",
                "tests/test_query_plans.py::test_explain_an_indexed_and_an_unindexed_query",
            ),
        ),
        Bullet(
            "WiredTiger in one page (at the end of How it works): B-trees of documents and "
            "indexes, the cache, checkpoints and the journal, document-level concurrency, "
            "compression",
            code=("README.md",),
            tests=("tests/test_wiredtiger.py::test_the_page_covers_the_engine_and_stays_a_page",),
        ),
    ),
    needs=("mongo",),
    try_these=(
        "curl -s -X POST localhost:8013/bson/encode -H 'content-type: application/json' "
        """-d '{"document": {"name": "Ada", "n": 5}}'""",
        "python -m day13_mongodb_internals demo",
    ),
    smoke="GET /bson/types",
    has_demo=True,
    tags=("bson", "objectid", "explain", "wiredtiger"),
)
