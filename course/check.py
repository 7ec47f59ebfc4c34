"""``python -m course check [N…]``: start each lesson as a learner would and prove it answers.

Server lessons: ``python -m dayNN_x --port P`` as a real process, wait for ``/health`` (with a
deadline), make the lesson's smoke request, stop it with Ctrl-C (SIGINT) and expect a clean
exit. Demo lessons: run the demo and expect exit 0. A bare FastAPI app is started the same way
first, so each lesson's start time can be read against it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

import httpx

from course.catalog import ROOT, Entry, entries
from course.net import free_port
from course.processes import interrupt

READY_DEADLINE_S = 20.0
DEMO_DEADLINE_S = 90.0


@dataclass
class Result:
    day: int
    package: str
    kind: str
    ok: bool
    ready_s: float | None
    detail: str


def _env() -> dict[str, str]:
    # Quiet servers; demos may shorten themselves when they know they are being checked.
    return {**os.environ, "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "warning", "COURSE_CHECK": "1"}


def start_and_probe(argv: list[str], smoke: str = "GET /health") -> tuple[bool, float | None, str]:
    """Start a server process, time it to the first 200 on /health, run the smoke request."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*argv, "--port", str(port)],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready_s: float | None = None
    try:
        with httpx.Client(base_url=base, timeout=5.0) as client:
            while ready_s is None:
                if proc.poll() is not None:
                    return False, None, f"exited with {proc.returncode}: {_tail(proc)}"
                try:
                    if client.get("/health").status_code == 200:
                        ready_s = time.perf_counter() - started
                        break
                except httpx.TransportError:
                    pass
                if time.perf_counter() - started > READY_DEADLINE_S:
                    return False, None, f"/health did not answer within {READY_DEADLINE_S:.0f} s"
                time.sleep(0.01)
            method, _, path = smoke.partition(" ")
            response = client.request(method, path)
            if not response.is_success:
                return False, ready_s, f"{smoke} answered {response.status_code}"
            detail = f"{smoke} → {response.status_code}"
    except httpx.HTTPError as exc:
        return False, ready_s, f"{smoke} failed: {exc!r}"
    finally:
        stopped_cleanly = interrupt(proc)
    if not stopped_cleanly:
        return False, ready_s, f"did not stop cleanly on Ctrl-C: {_tail(proc)}"
    return True, ready_s, detail


def _tail(proc: subprocess.Popen, lines: int = 3) -> str:
    out = proc.stdout.read() if proc.stdout else ""
    return " | ".join(out.strip().splitlines()[-lines:])


def check_entry(e: Entry) -> Result:
    assert e.lesson is not None
    if e.lesson.kind == "demo":
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, "-m", e.package],
                cwd=ROOT,
                env=_env(),
                capture_output=True,
                text=True,
                timeout=DEMO_DEADLINE_S,
            )
        except subprocess.TimeoutExpired:
            return Result(
                e.day,
                e.package,
                "demo",
                False,
                None,
                f"still running after {DEMO_DEADLINE_S:.0f} s",
            )
        took = time.perf_counter() - started
        if done.returncode != 0:
            tail = " | ".join((done.stdout + done.stderr).strip().splitlines()[-3:])
            return Result(e.day, e.package, "demo", False, None, f"exit {done.returncode}: {tail}")
        return Result(e.day, e.package, "demo", True, None, f"demo ran in {took:.1f} s, exit 0")
    ok, ready, detail = start_and_probe([sys.executable, "-m", e.package], e.lesson.smoke)
    return Result(e.day, e.package, "server", ok, ready, detail)


def bare_app_start(runs: int = 3) -> float | None:
    """Median start time of a bare FastAPI app, started the same way as a lesson."""
    times = []
    for _ in range(runs):
        ok, ready, _ = start_and_probe([sys.executable, "-m", "course.bare"])
        if ok and ready is not None:
            times.append(ready)
    return statistics.median(times) if times else None


def main(days: list[int]) -> int:
    selected = [e for e in entries() if e.built and (not days or e.day in days)]
    missing = [d for d in days if d not in {e.day for e in selected}]
    if missing:
        print(f"error: no built lesson for day(s) {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    results = []
    ratios: list[float] = []
    bares: list[float] = []
    print(f"{'day':>3}  {'lesson':<26} {'kind':<6} {'ready':>7} {'bare':>7} {'ratio':>6}  result")
    for e in selected:
        # A bare app started right before each lesson: on a busy machine, load changes from
        # minute to minute, and a ratio is only fair against a neighbour.
        bare = bare_app_start(runs=1) if e.lesson and e.lesson.kind == "server" else None
        r = check_entry(e)
        results.append(r)
        ready = f"{r.ready_s:.2f} s" if r.ready_s is not None else "-"
        bare_text = f"{bare:.2f} s" if bare else "-"
        ratio = f"{r.ready_s / bare:.2f}" if (r.ready_s and bare) else "-"
        if r.ready_s and bare:
            ratios.append(r.ready_s / bare)
            bares.append(bare)
        mark = "ok  " if r.ok else "FAIL"
        print(
            f"{r.day:>3}  {r.package:<26} {r.kind:<6} {ready:>7} {bare_text:>7} {ratio:>6}  {mark} {r.detail}",
            flush=True,
        )
    readies = [r.ready_s for r in results if r.ready_s is not None]
    failed = [r for r in results if not r.ok]
    print()
    if readies:
        print(
            f"lessons: median {statistics.median(readies):.2f} s, max {max(readies):.2f} s to first 200 on /health"
        )
    if ratios:
        print(
            f"bare FastAPI app started the same way: median {statistics.median(bares):.2f} s; "
            f"lesson ÷ bare: median {statistics.median(ratios):.2f}×, max {max(ratios):.2f}×"
        )
    print(f"{len(results) - len(failed)} of {len(results)} lessons passed")
    return 1 if failed else 0
