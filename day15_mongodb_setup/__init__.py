"""Day 15 · MongoDB set-up: getting a server, connection strings, readiness and a CRUD API."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=15,
    title="MongoDB set-up",
    learn=(
        Bullet(
            "Getting MongoDB: Debian/Ubuntu packages from MongoDB's repository, Docker "
            "(mongo:8), Atlas's free tier — or no install at all, with the embedded nx-27017",
            code=(),
            tests=(),
        ),
        Bullet(
            "Connection strings: mongodb:// vs mongodb+srv://, and the options that matter "
            "(authSource, replicaSet, retryWrites, w, readPreference, serverSelectionTimeoutMS, "
            "appName, tls), split by PyMongo's parse_uri with passwords redacted",
            code=(),
            tests=(),
        ),
        Bullet(
            "Which MongoDB a lesson uses: shared.mongo opens MONGODB_URL when it is set, else "
            "starts nx-27017 — and the banner, GET /connection and python -m course doctor say so",
            code=(),
            tests=(),
        ),
        Bullet(
            "Liveness vs readiness: /health answers while the process runs; /ready pings the "
            "database and answers 503 problem+json when it cannot",
            code=(),
            tests=(),
        ),
        Bullet(
            "CRUD with PyMongo's async API — insert_one, find_one, find with a filter and a limit, "
            "update_one with $set, delete_one — each with its mongosh command and Compass view",
            code=(),
            tests=(),
        ),
        Bullet(
            "Errors as answers: a malformed ObjectId is 422, a missing product 404, a duplicate sku "
            "409 (a unique index); unknown fields and oversized input are refused and write nothing",
            code=(),
            tests=(),
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
