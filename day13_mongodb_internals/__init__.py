"""Day 13 · MongoDB internals: BSON bytes, the types JSON lacks, _id, indexes and query plans."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=13,
    title="MongoDB internals",
    learn=(
        Bullet(
            "BSON byte by byte: a document is an int32 length, typed elements (type byte, cstring "
            "key, value) and a trailing 0x00 — encoded and decoded with PyMongo's bson package",
            code=(),
            tests=(),
        ),
        Bullet(
            "Malformed BSON is refused, not half-read: truncated, lying or garbled bytes get a 422 "
            "that names the offset",
            code=(),
            tests=(),
        ),
        Bullet(
            "The types JSON lacks: ObjectId, UTC datetime in milliseconds, Decimal128 vs double "
            "(0.1 + 0.2), int32 vs int64, binary and UUID subtypes — and extended JSON to write them",
            code=(),
            tests=(),
        ),
        Bullet(
            "An ObjectId is made by the driver: a 4-byte timestamp, a 5-byte per-process random "
            "value and a 3-byte counter",
            code=(),
            tests=(),
        ),
        Bullet(
            "Documents, collections and _id: unique, immutable, an ObjectId by default, any "
            "non-array type if you choose it",
            code=(),
            tests=(),
        ),
        Bullet(
            "Indexes and query plans: explain shows IXSCAN vs COLLSCAN and totalDocsExamined on "
            "MongoDB — and SQLite's plan on the embedded server, labelled as such",
            code=(),
            tests=(),
        ),
        Bullet(
            "WiredTiger in one page: B-trees of documents and indexes, the cache, checkpoints and "
            "the journal, document-level concurrency, compression",
            code=(),
            tests=(),
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
