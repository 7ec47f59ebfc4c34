"""``python -m day07_api_testing demo``: start the lesson and run the collection with newman.

    python -m day07_api_testing demo            # the tasks collection: every check passes
    python -m day07_api_testing demo --failing  # the debugging collection: one check fails

Exits with newman's exit code, so CI fails when a check does.
"""

from __future__ import annotations

import argparse
import signal
import time

import httpx

from day07_api_testing.collection_run import COLLECTION, DEBUGGING, run_collection, start_lesson
from shared.ports import free_port


def wait_ready(url: str, deadline_s: float = 20.0) -> None:
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise TimeoutError(f"{url} did not start")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m day07_api_testing demo")
    parser.add_argument("--failing", action="store_true", help="run the collection that fails")
    parser.add_argument(
        "--verbose", action="store_true", help="newman --verbose: every request and response"
    )
    args = parser.parse_args(argv)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    lesson = start_lesson(port)
    try:
        wait_ready(url)
        print(f"lesson running at {url}; running newman …\n", flush=True)
        run = run_collection(url, DEBUGGING if args.failing else COLLECTION, verbose=args.verbose)
    finally:
        lesson.send_signal(signal.SIGINT)
        lesson.wait(timeout=10)
    print(run.output)
    print(f"{run.requests} requests, {run.assertions} assertions, {len(run.failures)} failed")
    for failure in run.failures:
        print(f"  ✗ {failure}")
    return run.exit_code
