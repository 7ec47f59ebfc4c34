"""Day 24: Redis in depth — every data type, batching and atomicity, and a cache that holds up."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=24,
    title="Redis in depth",
    learn=(
        Bullet(
            "Strings with a lifetime: `SET` with `EX` and `NX` (a key that expires, a write only "
            "if the key is new), `INCR` as an atomic counter, `GETEX` to read a key and extend "
            "its TTL in one command",
            code=("strings.py:put", "strings.py:incr", "strings.py:read"),
            tests=(
                "tests/test_strings.py::test_nx_lets_exactly_one_of_many_concurrent_writers_win",
                "tests/test_strings.py::test_incr_is_atomic_under_concurrency",
                "tests/test_strings.py::test_getex_reads_and_extends_the_ttl_in_one_command",
            ),
        ),
        Bullet(
            "Hashes for objects updated field by field (`HSET`, `HINCRBY`), lists as a FIFO "
            "queue (`LPUSH` + `BRPOP`: a worker that blocks instead of polling), sets and "
            "`SINTER` for what two groups share",
            code=("hashes.py", "queue.py:take", "sets.py:common"),
            tests=(
                "tests/test_hashes_lists_sets.py::test_hset_writes_fields_and_hincrby_changes_one",
                "tests/test_hashes_lists_sets.py::test_brpop_blocks_until_a_job_arrives",
                "tests/test_hashes_lists_sets.py::test_sinter_returns_what_every_set_shares",
            ),
        ),
        Bullet(
            "Sorted sets as a leaderboard: `ZADD`, `ZINCRBY`, the top N with `ZREVRANGE … "
            "WITHSCORES` and a player's rank with `ZREVRANK`",
            code=(
                "leaderboard.py:set_score",
                "leaderboard.py:add_points",
                "leaderboard.py:top",
                "leaderboard.py:standing",
            ),
            tests=(
                "tests/test_leaderboard.py::test_top_n_highest_first_with_scores",
                "tests/test_leaderboard.py::test_zincrby_adds_points_atomically_and_moves_the_rank",
            ),
        ),
        Bullet(
            "Streams with a consumer group: `XADD`, `XREADGROUP`, `XACK`, and `XPENDING` + "
            "`XCLAIM` to take over what a crashed consumer read but never acknowledged",
            code=("streams.py:read", "streams.py:ack", "streams.py:pending", "streams.py:claim"),
            tests=(
                "tests/test_streams.py::test_read_entries_stay_pending_until_acked",
                "tests/test_streams.py::test_a_crashed_consumers_entries_are_claimed_by_another",
            ),
        ),
        Bullet(
            "Pub/sub: a subscriber task hears what is published while it listens — and what is "
            "published while nobody listens is gone for good (at-most-once)",
            code=("pubsub.py:Subscriber",),
            tests=(
                "tests/test_pubsub.py::test_the_subscriber_task_receives_published_messages",
                "tests/test_pubsub.py::test_at_most_once_a_late_subscriber_never_sees_earlier_messages",
            ),
        ),
        Bullet(
            "Pipelines batch round trips (1,000 `SET`s in one) but are not atomic; "
            "`MULTI`/`EXEC` runs a block with nothing in between, and `WATCH` makes a balance "
            "transfer retry when another client changed a balance first",
            code=("pipelines.py", "transactions.py:transfer"),
            tests=(
                "tests/test_pipelines_transactions.py::test_a_pipeline_is_one_round_trip_one_by_one_is_n",
                "tests/test_pipelines_transactions.py::"
                "test_a_pipeline_is_not_atomic_a_failed_command_undoes_nothing",
                "tests/test_pipelines_transactions.py::test_watch_makes_the_loser_of_a_collision_retry",
            ),
        ),
        Bullet(
            "Lua scripts (`register_script`, `EVALSHA`): a compare-and-set and a fixed-window "
            "counter, atomic because Redis runs a script to its end before any other command",
            code=("scripts.py:Scripts", "scripts.py:COMPARE_AND_SET", "scripts.py:COUNT_HIT"),
            tests=(
                "tests/test_lua.py::test_of_many_concurrent_compare_and_sets_exactly_one_wins",
                "tests/test_lua.py::test_the_counter_allows_exactly_the_limit_under_concurrency",
                "tests/test_lua.py::test_scripts_run_by_sha_with_evalsha",
            ),
        ),
        Bullet(
            "Cache-aside in front of a slow catalogue: TTLs with jitter, invalidation on write, "
            "and stampede protection — 50 concurrent misses, exactly one rebuild (a `SET NX PX` "
            "lock while the others poll the cache)",
            code=("cache.py:ProductCache", "catalogue.py"),
            tests=(
                "tests/test_cache.py::test_fifty_concurrent_misses_cause_exactly_one_source_read",
                "tests/test_cache.py::test_a_put_invalidates_and_the_next_read_sees_the_new_value",
                "tests/test_cache.py::test_ttls_are_jittered",
            ),
        ),
        Bullet(
            "Persistence (RDB snapshots, AOF and its fsync policies) and eviction "
            "(`maxmemory-policy`), read from the running server — the course's private Redis "
            "keeps nothing",
            code=("persistence.py",),
            tests=(
                "tests/test_persistence.py::test_the_endpoint_reports_what_config_get_says",
                "tests/test_persistence.py::test_the_courses_private_server_has_no_persistence",
                "tests/test_persistence.py::test_modes_from_config",
            ),
        ),
        Bullet(
            "Redis down: every endpoint answers 503 problem+json, from one handler for "
            "redis-py's `ConnectionError` and `TimeoutError`",
            code=("app.py:redis_down", "app.py:create_app"),
            tests=("tests/test_redis_down.py::test_a_stopped_redis_means_503_problems_not_500s",),
        ),
    ),
    needs=("redis",),
    try_these=("GET /products/1", "python -m day24_redis demo"),
    smoke="GET /products/1",
    has_demo=True,
    tags=("Redis", "streams", "pipelines", "Lua", "cache-aside"),
)
