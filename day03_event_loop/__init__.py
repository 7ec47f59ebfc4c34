"""Day 03 · The event loop: asyncio's loop, tasks and thread pool, mapped from libuv."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=3,
    title="The event loop",
    learn=(
        Bullet(
            "The event loop is a ready queue, a timer heap and a selector: a working one in under "
            "100 lines, running two coroutines on one thread",
            code=("mini_loop.py:MiniLoop", "two_coroutines.py:run_echo"),
            tests=(
                "tests/test_mini_loop.py::test_echo_client_and_server_interleave_on_one_loop",
                "tests/test_mini_loop.py::test_timers_fire_in_deadline_order_not_spawn_order",
                "tests/test_mini_loop.py::test_the_mini_loop_stays_under_100_lines",
            ),
        ),
        Bullet(
            "Non-blocking sockets: `setblocking(False)`, `BlockingIOError`, and a selector that says "
            "when to try again",
            code=("mini_loop.py:recv", "two_coroutines.py:socket_pair"),
            tests=(
                "tests/test_mini_loop.py::test_a_non_blocking_socket_raises_instead_of_waiting",
                "tests/test_mini_loop.py::test_recv_retries_after_the_selector_says_readable",
                "tests/test_mini_loop.py::"
                "test_a_coroutine_that_would_block_waits_on_its_fd_in_the_selector",
            ),
        ),
        Bullet(
            "Callbacks vs coroutines: `loop.call_soon`/`call_later` (≈ `setImmediate`/`setTimeout`) "
            "and `async`/`await`, all through one ready queue",
            code=(
                "callbacks_vs_coroutines.py:with_callbacks",
                "callbacks_vs_coroutines.py:with_coroutines",
                "callbacks_vs_coroutines.py:one_ready_queue",
            ),
            tests=(
                "tests/test_callbacks_vs_coroutines.py::"
                "test_call_soon_runs_after_the_current_code_and_call_later_after_its_timer",
                "tests/test_callbacks_vs_coroutines.py::test_a_coroutine_writes_the_same_steps_in_order",
                "tests/test_callbacks_vs_coroutines.py::"
                "test_callbacks_tasks_and_due_timers_share_one_fifo_ready_queue",
            ),
        ),
        Bullet(
            "Tasks: `create_task` and `gather` run coroutines concurrently; `await` is where a task "
            "lets others run",
            code=(
                "callbacks_vs_coroutines.py:as_tasks",
                "callbacks_vs_coroutines.py:awaited_one_by_one",
            ),
            tests=(
                "tests/test_callbacks_vs_coroutines.py::test_tasks_take_turns_at_every_await",
                "tests/test_callbacks_vs_coroutines.py::"
                "test_awaiting_coroutines_one_by_one_runs_them_one_after_another",
            ),
        ),
        Bullet(
            "Why one blocking call (`time.sleep` in an `async def`) freezes every request, and "
            "`await asyncio.sleep` does not — `/blocking` and `/non-blocking`",
            code=("app.py:create_app", "app.py:InFlight"),
            tests=(
                "tests/test_app.py::test_blocking_handler_serialises_concurrent_requests",
                "tests/test_app.py::test_non_blocking_handler_serves_many_at_once",
                "tests/test_app.py::test_against_a_real_uvicorn",
            ),
        ),
        Bullet(
            "The default thread pool (≈ libuv's threadpool): `asyncio.to_thread` and "
            "`run_in_executor` keep the loop responsive — `/offloaded`",
            code=("thread_pool.py:ticks_during", "thread_pool.py:in_executor", "app.py:create_app"),
            tests=(
                "tests/test_thread_pool.py::"
                "test_to_thread_keeps_the_loop_turning_while_the_call_blocks",
                "tests/test_thread_pool.py::"
                "test_run_in_executor_never_uses_more_threads_than_the_pool_has",
                "tests/test_app.py::test_offloaded_handler_serves_many_at_once_on_pool_threads",
            ),
        ),
    ),
    kind="server",
    try_these=("GET /non-blocking?ms=500", "python -m day03_event_loop demo"),
    smoke="GET /non-blocking?ms=10",
    has_demo=True,
    tags=("asyncio", "libuv", "threads", "selectors"),
)
