"""Day 25: rate limiting as low-level design — one interface, three strategies, one dependency."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=25,
    title="Rate limiting as low-level design",
    learn=(
        Bullet(
            "A small `RateLimiter` interface — `await hit(key, cost)` returning a `Decision` — "
            "that today's in-memory strategies and Day 26's Redis ones both implement",
            code=(
                "shared/ratelimit.py:RateLimiter",
                "shared/ratelimit.py:Decision",
                "shared/ratelimit.py:Policy",
            ),
            tests=(
                "tests/test_strategies.py::test_every_strategy_implements_the_one_interface",
                "tests/test_http.py::test_any_object_with_the_protocol_plugs_into_the_dependency",
            ),
        ),
        Bullet(
            "Fixed window: one counter per window, cheap and simple, and a client can send twice "
            "the limit across a window boundary",
            code=("shared/ratelimit.py:FixedWindow", "policies.py:build"),
            tests=(
                "tests/test_strategies.py::"
                "test_fixed_window_counts_up_to_the_limit_then_refuses_until_the_next_window",
                "tests/test_strategies.py::"
                "test_fixed_window_lets_twice_the_limit_through_across_a_boundary",
            ),
        ),
        Bullet(
            "Token bucket: bursts up to the capacity, then a steady refill; a cost per request, "
            "here the upload's size in bytes",
            code=("shared/ratelimit.py:TokenBucket", "uploads.py:upload_cost"),
            tests=(
                "tests/test_strategies.py::"
                "test_token_bucket_allows_a_burst_of_its_capacity_then_the_refill_rate",
                "tests/test_strategies.py::"
                "test_token_bucket_cost_spends_several_tokens_and_a_refusal_spends_none",
                "tests/test_http.py::test_the_token_bucket_route_reports_bytes_and_its_retry_after",
            ),
        ),
        Bullet(
            "Leaky bucket as a meter: a level that drains at a constant rate, kept as one "
            "timestamp (the GCRA), and how it differs from the queue variant",
            code=("shared/ratelimit.py:LeakyBucket",),
            tests=(
                "tests/test_strategies.py::test_leaky_bucket_drains_at_a_constant_rate",
                "tests/test_strategies.py::test_a_leaky_meter_admits_exactly_what_a_token_bucket_does",
            ),
        ),
        Bullet(
            "Keys: per user (a verified API key), per IP (and why `X-Forwarded-For` is trusted "
            "only from your own proxies), per route template, and combinations",
            code=(
                "shared/ratelimit.py:by_user",
                "shared/ratelimit.py:by_ip",
                "shared/ratelimit.py:by_forwarded_ip",
                "shared/ratelimit.py:by_route",
                "shared/ratelimit.py:combine",
                "identity.py:optional_user",
                "policies.py:build",
            ),
            tests=(
                "tests/test_keys.py::"
                "test_forwarded_for_is_read_only_from_a_trusted_proxy_and_from_the_right",
                "tests/test_keys.py::test_by_user_needs_a_verified_user_and_falls_back_to_the_ip",
                "tests/test_keys.py::test_the_route_template_is_the_key_not_the_url",
            ),
        ),
        Bullet(
            "The 429 answer as problem+json with `Retry-After` and the `RateLimit-Limit`, "
            "`-Remaining`, `-Reset` fields (draft-ietf-httpapi-ratelimit-headers-06), sent on "
            "success too, from a FastAPI dependency on routes and routers",
            code=(
                "shared/ratelimit.py:rate_limit",
                "shared/ratelimit.py:ratelimit_headers",
                "shared/ratelimit.py:TooManyRequests",
            ),
            tests=(
                "tests/test_http.py::test_success_carries_the_ratelimit_fields",
                "tests/test_http.py::test_refusal_is_a_429_problem_with_retry_after",
            ),
        ),
        Bullet(
            "Exact tests with an injected clock, memory bounded by evicting expired keys, and "
            "hits that stay atomic on one event loop — and what an `await` in the middle breaks",
            code=(
                "shared/ratelimit.py:ManualClock",
                "shared/ratelimit.py:InMemoryLimiter",
                "race.py:RemoteCounterLimiter",
            ),
            tests=(
                "tests/test_concurrency.py::test_a_thousand_concurrent_hits_admit_exactly_the_limit",
                "tests/test_concurrency.py::test_an_await_between_read_and_write_over_admits",
                "tests/test_memory.py::test_fixed_window_forgets_every_key_of_a_finished_window",
            ),
        ),
    ),
    try_these=("GET /search?q=release", "GET /limits"),
    smoke="GET /limits",
    has_demo=True,
    tags=("rate limiting", "429", "token bucket", "RateLimit headers"),
)
