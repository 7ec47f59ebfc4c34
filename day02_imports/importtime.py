"""``python -X importtime``: CPython's own trace of every import and how long it took.

With ``-X importtime`` the interpreter writes one line per module to stderr, children before
their parent, indented by depth:

    import time: self [us] | cumulative | imported package
    import time:       112 |        112 |     day02_imports.examples.shop.prices

The trace runs in a fresh subprocess: in this process most modules are cached already, and a
cached module is not imported (so not timed) again.
"""

from __future__ import annotations

from dataclasses import dataclass

from day02_imports.run_modes import run_python


@dataclass(frozen=True)
class ImportTime:
    module: str
    self_us: int
    cumulative_us: int
    depth: int  # 0 for what the command imported itself, 1 for what that imported, …


def trace(module: str) -> str:
    """Import ``module`` in a fresh interpreter with ``-X importtime``; return its stderr."""
    done = run_python("-X", "importtime", "-c", f"import {module}")
    if done.returncode != 0:
        raise RuntimeError(f"import {module} failed: {done.stderr.strip().splitlines()[-1]}")
    return done.stderr


def parse(stderr: str) -> list[ImportTime]:
    """The timing lines of an ``-X importtime`` trace, in the order the interpreter wrote them."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
        if not self_us.strip().isdigit():
            continue  # the header line
        indent = len(name) - len(name.lstrip(" "))
        rows.append(ImportTime(name.strip(), int(self_us), int(cumulative_us), (indent - 1) // 2))
    return rows


def after_startup(rows: list[ImportTime]) -> list[ImportTime]:
    """Drop what the interpreter imports before running any code (``site`` and what it pulls in)."""
    starts = [i for i, row in enumerate(rows) if row.module == "site" and row.depth == 0]
    return rows[starts[-1] + 1 :] if starts else rows


def slowest(rows: list[ImportTime], count: int = 8) -> list[ImportTime]:
    """The ``count`` imports with the largest cumulative time, kept as a tree: every parent
    above the modules it imported (the trace itself writes children first)."""
    top = set(sorted(rows, key=lambda row: row.cumulative_us, reverse=True)[:count])
    return [row for row in reversed(rows) if row in top]
