"""Day 26: sliding windows on Redis — one exact limit and one cheap one, shared by every process."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=26,
    title="Sliding windows on Redis",
    learn=(
        Bullet(
            "The sliding-window log: a sorted set of request times per key (`ZREMRANGEBYSCORE`, "
            "`ZCARD`, `ZADD`, `PEXPIRE`) — exact, at most N in any window of W seconds, O(N) "
            "memory",
            code=(
                "shared/ratelimit_redis.py:RedisSlidingLog",
                "shared/ratelimit_redis.py:SLIDING_LOG_LUA",
            ),
            tests=(
                "tests/test_sliding_log.py::test_the_window_slides_one_entry_at_a_time",
                "tests/test_sliding_log.py::"
                "test_random_traffic_never_puts_more_than_the_limit_in_any_window",
                "tests/test_sliding_log.py::test_retry_after_and_reset_are_exact",
            ),
        ),
        Bullet(
            "The sliding-window counter: two fixed-window counts, the previous one weighted by "
            "how much of it the window still covers — O(1) memory, and an error you can bound",
            code=(
                "shared/ratelimit_redis.py:RedisSlidingCounter",
                "shared/ratelimit_redis.py:SLIDING_COUNTER_LUA",
            ),
            tests=(
                "tests/test_sliding_counter.py::test_the_weighting_and_the_retry_time_are_exact",
                "tests/test_sliding_counter.py::test_state_is_three_numbers_whatever_the_traffic",
                "tests/test_sliding_counter.py::test_random_traffic_stays_within_the_stated_bound",
            ),
        ),
        Bullet(
            "Atomic in one Lua script (`register_script`, `EVALSHA`, reloaded after `NOSCRIPT`), "
            "and why a `MULTI` pipeline of separate reads and writes lets concurrent clients "
            "through",
            code=(
                "shared/ratelimit_redis.py:_RedisWindowLimiter._evalsha",
                "pipeline_race.py:PipelinedSlidingLog",
            ),
            tests=(
                "tests/test_atomicity.py::test_concurrent_hits_never_over_admit",
                "tests/test_atomicity.py::test_two_multi_pipelines_let_concurrent_clients_through",
                "tests/test_atomicity.py::test_hits_are_evalsha_and_survive_a_flushed_script_cache",
            ),
        ),
        Bullet(
            "One clock for every process: Redis `TIME` inside the script, and unique log members "
            "so two hits in the same microsecond both count",
            code=(
                "shared/ratelimit_redis.py:SLIDING_LOG_LUA",
                "shared/ratelimit_redis.py:unique_token",
                "shared/ratelimit_redis.py:RedisDecision",
                "app.py:limited",
            ),
            tests=(
                "tests/test_sliding_log.py::test_without_a_clock_the_script_reads_redis_time",
                "tests/test_sliding_log.py::test_two_hits_in_the_same_microsecond_both_count",
                "tests/test_http.py::test_decisions_are_stamped_with_redis_time",
            ),
        ),
        Bullet(
            "Correct across processes: two app processes, 50 concurrent clients, and no window "
            "of the configured width ever holding more than the limit",
            code=("policies.py:build", "app.py:create_app", "app.py:limited"),
            tests=(
                "tests/test_two_processes.py::"
                "test_two_processes_never_admit_more_than_the_limit_in_any_window",
                "tests/test_sliding_log.py::test_two_limiters_on_one_key_share_the_count",
            ),
        ),
        Bullet(
            "Redis down: fail open for a public read (a logged warning, `RateLimit-Policy` only) "
            "and fail closed with 503 for login — and limiting resumes when Redis is back",
            code=(
                "shared/ratelimit_redis.py:FailOpen",
                "shared/ratelimit_redis.py:FailClosed",
                "shared/ratelimit_redis.py:fail_fast_options",
                "policies.py:build",
            ),
            tests=(
                "tests/test_redis_down.py::test_an_outage_and_a_recovery",
                "tests/test_redis_down.py::test_a_bug_is_not_an_outage",
            ),
        ),
        Bullet(
            "Measured: decisions per second against the `limits` library's Redis strategies, "
            "zero over-admissions, and `redis-benchmark`'s `EVALSHA` as the ceiling",
            code=("bench.py",),
            tests=(
                "tests/test_demo_and_bench.py::"
                "test_the_bench_compares_with_limits_and_counts_over_admissions",
            ),
        ),
    ),
    needs=("redis",),
    try_these=("GET /feed", "GET /limits"),
    smoke="GET /limits",
    has_demo=True,
    tags=("rate limiting", "Redis", "Lua", "sliding window"),
)
