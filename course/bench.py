"""``python -m course bench [N…]``: run the lessons' benchmarks (each prints its own table)."""

from __future__ import annotations

import importlib
import importlib.util
import sys

from course.catalog import entries


def benchmarked() -> list[tuple[int, str]]:
    return [
        (e.day, e.package)
        for e in entries()
        if e.built and importlib.util.find_spec(f"{e.package}.bench") is not None
    ]


def main(days: list[int], rest: list[str]) -> int:
    available = benchmarked()
    chosen = [(d, p) for d, p in available if not days or d in days]
    unknown = sorted(set(days) - {d for d, _ in available})
    if unknown:
        have = ", ".join(str(d) for d, _ in available) or "none"
        print(f"error: no benchmark for day(s) {unknown}; days with one: {have}", file=sys.stderr)
        return 2
    status = 0
    for day, package in chosen:
        print(f"== day {day:02d} · {package} ==", flush=True)
        code = importlib.import_module(f"{package}.bench").main(rest)
        status = status or (code or 0)
        print()
    return status
