"""``python -m day03_event_loop demo``: the event loop, narrated, ending with N requests at once.

1. the mini loop runs two coroutines on one thread (ready queue, timers, fds);
2. callbacks vs coroutines, one ready queue, tasks that take turns;
3. a blocking call inline vs on the thread pool, seen by a heartbeat task;
4. the app served by a real uvicorn process, N concurrent requests at each endpoint, a table.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from day03_event_loop import callbacks_vs_coroutines as cvc
from day03_event_loop.app import MAX_MS
from day03_event_loop.thread_pool import blocking_io, default_pool_size, in_executor, ticks_during
from day03_event_loop.two_coroutines import run_echo, run_sleep_and_read, socket_pair
from shared.ports import free_port

MAX_REQUESTS = 500  # enough to make the point; more only measures the client
ENDPOINTS = ("blocking", "non-blocking", "offloaded")
PARTS = ("loop", "callbacks", "threads", "http")


def main(argv: list[str]) -> int:
    args = parse(argv)
    out: Callable[[str], None] = lambda line="": print(line, flush=True)  # noqa: E731
    parts = PARTS if args.part == "all" else (args.part,)
    if "loop" in parts:
        show_mini_loop(out)
    if "callbacks" in parts:
        asyncio.run(show_callbacks(out))
    if "threads" in parts:
        asyncio.run(show_thread_pool(out))
    if "http" in parts:
        return show_http(out, args.requests, args.ms, args.url)
    return 0


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m day03_event_loop demo", description=__doc__)
    parser.add_argument(
        "-n", "--requests", type=bounded(1, MAX_REQUESTS), default=100, help="concurrent requests"
    )
    parser.add_argument("--ms", type=bounded(0, MAX_MS), default=50, help="wait per request")
    parser.add_argument("--url", help="use a server that is already running at this URL")
    parser.add_argument("--part", choices=("all", *PARTS), default="all")
    return parser.parse_args(argv)


def bounded(low: int, high: int) -> Callable[[str], int]:
    def parse_int(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value

    return parse_int


def heading(out: Callable[[str], None], title: str) -> None:
    out()
    out(f"── {title} " + "─" * max(0, 70 - len(title)))


# 1 · the mini loop -------------------------------------------------------------------------


def show_mini_loop(out: Callable[[str], None]) -> None:
    heading(out, "1 · a mini event loop: mini_loop.py")
    left, right = socket_pair()
    with left, right:
        try:
            left.recv(1024)
        except BlockingIOError as exc:
            out(f"a non-blocking socket with nothing to read raises at once: {exc!r}")
    out("so the loop parks the coroutine on the selector and runs someone else.\n")
    out("echo server + client over a socketpair (the loop's log):")
    events, _ = run_echo(["ping", "hello"], trace=lambda line: out(f"  {line}"))
    out(f"what the two coroutines did, interleaved: {events}\n")
    out("a reader waiting on an fd while a ticker's timers fire:")
    events, _ = run_sleep_and_read(trace=lambda line: out(f"  {line}"))
    out(f"in order: {events}")


# 2 · callbacks vs coroutines, tasks ---------------------------------------------------------


async def show_callbacks(out: Callable[[str], None]) -> None:
    heading(out, "2 · callbacks vs coroutines: callbacks_vs_coroutines.py")
    for name, steps in (
        ("callbacks (call_soon / call_later)", await cvc.with_callbacks()),
        ("coroutine (await)", await cvc.with_coroutines()),
    ):
        out(f"{name}:")
        for step in steps:
            out(f"  {step}")
    out("one ready queue, asyncio's default loop:")
    for line in await cvc.one_ready_queue():
        out(f"  {line}")
    uvloop_order = await asyncio.to_thread(one_ready_queue_on_uvloop)
    if uvloop_order:
        out("the same code on uvloop (libuv itself: its timers phase runs first, as in Node):")
        for line in uvloop_order:
            out(f"  {line}")
    log, _ = await cvc.awaited_one_by_one()
    out(f"await one coroutine, then the other: {' '.join(log)}")
    log, _ = await cvc.as_tasks()
    out(f"create_task both, then gather:      {' '.join(log[1:])}  ({log[0]} first)")


def one_ready_queue_on_uvloop() -> list[str] | None:
    try:
        import uvloop  # noqa: PLC0415 - installed with uvicorn[standard], not on Windows
    except ImportError:
        return None
    return uvloop.run(cvc.one_ready_queue())


# 3 · the thread pool ------------------------------------------------------------------------


async def show_thread_pool(out: Callable[[str], None]) -> None:
    heading(out, "3 · the default thread pool: thread_pool.py")
    for offload in (False, True):
        thread, ticks = await ticks_during(lambda: blocking_io(200), offload=offload)
        how = "asyncio.to_thread(blocking_io)" if offload else "blocking_io() inline"
        out(f"{how:<32} ran on {thread:<10} heartbeat ticked {ticks:>3}× during 200 ms")
    for workers in (2, None):
        started = time.perf_counter()
        threads = await in_executor(8, 50, workers)
        took = time.perf_counter() - started
        pool = f"a pool of {workers}" if workers else f"the default pool ({default_pool_size()})"
        out(
            f"8 × 50 ms on {pool}: {len(set(threads))} threads, {took * 1000:.0f} ms "
            f"(≈ ⌈8/threads⌉ × 50 ms)"
        )


# 4 · N concurrent requests against a real server ---------------------------------------------


@dataclass
class Row:
    endpoint: str
    wall_s: float
    p50_s: float
    max_s: float
    peak_in_flight: int
    threads: int


def show_http(out: Callable[[str], None], n: int, ms: int, url: str | None) -> int:
    heading(out, f"4 · {n} concurrent requests per endpoint, {ms} ms each: app.py")
    with contextlib.ExitStack() as stack:
        if url is None:
            try:
                url = stack.enter_context(lesson_server())
            except RuntimeError as exc:
                out(f"error: {exc}")
                return 1
            out(f"server: python -m day03_event_loop at {url} (a real uvicorn process)")
        rows = asyncio.run(fire_all(url, n, ms))
    out(table(rows, n, ms))
    out(
        "\nblocking: time.sleep held the loop's only thread, so requests ran one after another.\n"
        "non-blocking: every request waited on a timer at the same time.\n"
        "offloaded: the waits ran on the server's thread pool, a few threads at a time."
    )
    return 0


async def fire_all(url: str, n: int, ms: int) -> list[Row]:
    # A fresh client and a fresh connection per request, so every endpoint starts from the same
    # state (a pool of idle keep-alive connections made httpx itself the bottleneck at N=100).
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=0)
    timeout = httpx.Timeout(n * ms / 1000 + 30)  # blocking: the last request waits for all
    rows = []
    for endpoint in ENDPOINTS:
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as client:
            rows.append(await fire(client, endpoint, n, ms))
    return rows


async def fire(client: httpx.AsyncClient, endpoint: str, n: int, ms: int) -> Row:
    async def one() -> tuple[float, dict]:
        started = time.perf_counter()
        response = await client.get(f"/{endpoint}", params={"ms": ms})
        response.raise_for_status()
        return time.perf_counter() - started, response.json()

    started = time.perf_counter()
    results = await asyncio.gather(*(one() for _ in range(n)))
    wall = time.perf_counter() - started
    latencies = [latency for latency, _ in results]
    bodies = [body for _, body in results]
    return Row(
        endpoint=endpoint,
        wall_s=wall,
        p50_s=statistics.median(latencies),
        max_s=max(latencies),
        peak_in_flight=max(body["in_flight"] for body in bodies),
        threads=len({body["thread"] for body in bodies}),
    )


def table(rows: list[Row], n: int, ms: int) -> str:
    lines = [
        f"{'endpoint':<14}{'wall':>9}{'p50':>9}{'max':>9}{'in flight':>11}{'threads':>9}"
        f"   ideal wall (no overhead)",
    ]
    for row in rows:
        lines.append(
            f"{row.endpoint:<14}{row.wall_s:>8.2f}s{row.p50_s:>8.2f}s{row.max_s:>8.2f}s"
            f"{row.peak_in_flight:>11}{row.threads:>9}   {expected(row, n, ms)}"
        )
    return "\n".join(lines)


def expected(row: Row, n: int, ms: int) -> str:
    if row.endpoint == "blocking":
        return f"≈ N × ms = {n * ms / 1000:.2f}s"
    if row.endpoint == "non-blocking":
        return f"≈ ms = {ms / 1000:.2f}s"
    waves = math.ceil(n / max(row.threads, 1))
    return f"≈ ⌈N / threads⌉ × ms = {waves * ms / 1000:.2f}s"


@contextlib.contextmanager
def lesson_server(deadline_s: float = 20.0) -> Iterator[str]:
    """``python -m day03_event_loop`` on a free port, as a learner starts it; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+") as errors:
        proc = subprocess.Popen(
            [sys.executable, "-m", "day03_event_loop", "--port", str(port)],
            cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, "LOG_LEVEL": "warning"},
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        try:
            wait_until_healthy(url, proc, errors, deadline_s)
            yield url
        finally:
            stop(proc)


def wait_until_healthy(
    url: str, proc: subprocess.Popen, errors: IO[str], deadline_s: float
) -> None:
    give_up = time.monotonic() + deadline_s
    while time.monotonic() < give_up:
        if proc.poll() is not None:
            errors.seek(0)
            raise RuntimeError(f"the server exited with {proc.returncode}: {errors.read()[-500:]}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        time.sleep(0.05)
    raise RuntimeError(f"the server did not answer {url}/health within {deadline_s:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        # Ctrl-C, as a learner would stop it; uvicorn shuts down cleanly on SIGINT.
        proc.send_signal(signal.SIGINT if os.name == "posix" else signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
