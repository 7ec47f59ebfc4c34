"""Day 10 · Project review: a flawed service and its reviewed version, side by side."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=10,
    title="Reviewing a backend",
    learn=(
        Bullet(
            "N+1 calls: one lookup per row instead of one batched lookup for the page",
            code=(
                "flawed.py:list_orders",
                "reviewed.py:list_orders",
                "data.py:Shop.customers_by_id",
            ),
            tests=("tests/test_review.py::test_n_plus_one_is_one_call_per_row_versus_one_batch",),
        ),
        Bullet(
            "Blocking I/O inside async handlers freezes every request; run it in a thread "
            "(`asyncio.to_thread`) or use async I/O",
            code=("flawed.py:report", "reviewed.py:report", "data.py:Shop.read_report_blocking"),
            tests=(
                "tests/test_review.py::test_blocking_read_freezes_the_loop_but_the_thread_does_not",
            ),
        ),
        Bullet(
            "Missing validation: a raw dict body accepts nonsense that a Pydantic model refuses "
            "with 422",
            code=("flawed.py:create_order", "reviewed.py:NewOrder", "reviewed.py:create_order"),
            tests=(
                "tests/test_review.py::test_missing_validation_accepts_nonsense_reviewed_refuses_it",
                "tests/test_review.py::test_malformed_and_oversized_bodies_are_refused",
            ),
        ),
        Bullet(
            "Unbounded queries: a list endpoint without a limit, and the same endpoint paginated "
            "with a keyset cursor (`?limit=…&after=…`)",
            code=("flawed.py:list_orders", "reviewed.py:list_orders"),
            tests=("tests/test_review.py::test_unbounded_list_versus_bounded_pages",),
        ),
        Bullet(
            "A secret in code versus a secret from settings (`SecretStr`), and why it matters",
            code=("flawed.py:PAYMENT_API_KEY", "reviewed.py:PaymentSettings"),
            tests=(
                "tests/test_review.py::test_secret_lives_in_flawed_code_and_in_settings_for_the_reviewed",
            ),
        ),
        Bullet(
            "Profile each version (cProfile) and measure it under load, printed side by side",
            code=("measure.py", "bench.py"),
            tests=(
                "tests/test_review.py::test_measure_counts_calls_per_request_for_each_version",
                "tests/test_review.py::test_profile_shows_the_n_plus_one_as_a_call_count",
            ),
        ),
    ),
    try_these=("GET /reviewed/orders?limit=5", "GET /flawed/orders"),
    smoke="GET /reviewed/orders?limit=2",
    tags=("review", "performance", "profiling"),
)
