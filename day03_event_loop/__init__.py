"""Day 03 · The event loop: asyncio's loop, tasks and thread pool, mapped from libuv."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=3,
    title="The event loop",
    learn=(
        Bullet(
            "The event loop is a ready queue, a timer heap and a selector: a working one in under "
            "100 lines, running two coroutines on one thread",
            code=(),
            tests=(),
        ),
        Bullet(
            "Non-blocking sockets: `setblocking(False)`, `BlockingIOError`, and a selector that says "
            "when to try again",
            code=(),
            tests=(),
        ),
        Bullet(
            "Callbacks vs coroutines: `loop.call_soon`/`call_later` (≈ `setImmediate`/`setTimeout`) "
            "and `async`/`await`, all through one ready queue",
            code=(),
            tests=(),
        ),
        Bullet(
            "Tasks: `create_task` and `gather` run coroutines concurrently; `await` is where a task "
            "lets others run",
            code=(),
            tests=(),
        ),
        Bullet(
            "Why one blocking call (`time.sleep` in an `async def`) freezes every request, and "
            "`await asyncio.sleep` does not",
            code=(),
            tests=(),
        ),
        Bullet(
            "The default thread pool (≈ libuv's threadpool): `asyncio.to_thread` and "
            "`run_in_executor` keep the loop responsive",
            code=(),
            tests=(),
        ),
    ),
    kind="server",
    try_these=("GET /non-blocking?ms=500", "python -m day03_event_loop demo"),
    smoke="GET /non-blocking?ms=10",
    has_demo=True,
    tags=("asyncio", "libuv", "threads", "selectors"),
)
