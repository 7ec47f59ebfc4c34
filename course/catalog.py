"""The 34 days: which exist as lesson packages, and which are still planned.

The plan (package names and titles) is fixed here so the course tool and the home page can
list every day; a built lesson's own ``LESSON`` metadata always wins over the plan.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from shared.lesson import Lesson

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_RE = re.compile(r"day(\d\d)_[a-z0-9_]+")

PLAN: dict[int, tuple[str, str]] = {
    1: ("day01_intro", "What a backend is"),
    2: ("day02_imports", "Modules and imports"),
    3: ("day03_event_loop", "The event loop"),
    4: ("day04_http_server", "An HTTP server from scratch"),
    5: ("day05_core_concepts", "Core API concepts"),
    6: ("day06_routing", "Routing with FastAPI"),
    7: ("day07_api_testing", "API testing"),
    8: ("day08_middleware", "Middleware"),
    9: ("day09_error_handling", "Error handling"),
    10: ("day10_project_review", "Project review"),
    11: ("day11_db_errors", "When the database fails"),
    12: ("day12_db_internals", "Database internals"),
    13: ("day13_mongodb_internals", "MongoDB internals"),
    14: ("day14_bplus_tree", "A B+ tree from scratch"),
    15: ("day15_mongodb_setup", "MongoDB set-up"),
    16: ("day16_odm", "A model layer (Mongoose in Python)"),
    17: ("day17_validation", "Validation and sanitisation"),
    18: ("day18_passwords", "Storing passwords"),
    19: ("day19_signatures", "Request signatures"),
    20: ("day20_jwt", "JWT and cookies"),
    21: ("day21_refresh_tokens", "Refresh-token rotation"),
    22: ("day22_methods_env", "Model methods and environment"),
    23: ("day23_logout_redis", "Logout with Redis"),
    24: ("day24_redis", "Redis in depth"),
    25: ("day25_rate_limiter", "Rate limiting as low-level design"),
    26: ("day26_sliding_window", "Sliding windows on Redis"),
    27: ("day27_llm_basics", "LLM basics"),
    28: ("day28_llm_app", "An LLM-backed API"),
    29: ("day29_mcp_server", "An MCP server"),
    30: ("day30_agents", "An agent loop"),
    31: ("day31_agent_debugging", "Debugging agents"),
    32: ("day32_socketio", "Socket.IO"),
    33: ("day33_websocket_scaling", "Scaling real time"),
    34: ("day34_webrtc", "WebRTC"),
}


@dataclass(frozen=True)
class Entry:
    day: int
    package: str
    title: str
    lesson: Lesson | None  # None: planned, not built yet

    @property
    def built(self) -> bool:
        return self.lesson is not None

    @property
    def run_command(self) -> str:
        return f"python -m {self.package}"

    @property
    def backends(self) -> tuple[str, ...]:
        return self.lesson.needs if self.lesson else ()


def lesson_packages() -> list[str]:
    """Folders that are lesson packages, in day order."""
    found = [
        p.name
        for p in ROOT.iterdir()
        if p.is_dir() and PACKAGE_RE.fullmatch(p.name) and (p / "__init__.py").exists()
    ]
    return sorted(found)


def load(package: str) -> Lesson:
    return importlib.import_module(package).LESSON


def entries() -> list[Entry]:
    built = {load(pkg).day: (pkg, load(pkg)) for pkg in lesson_packages()}
    result = []
    for day, (package, title) in PLAN.items():
        if day in built:
            pkg, lesson = built[day]
            result.append(Entry(day, pkg, lesson.title, lesson))
        else:
            result.append(Entry(day, package, title, None))
    return result


def entry(day: int) -> Entry:
    for e in entries():
        if e.day == day:
            return e
    raise SystemExit(f"error: there is no day {day}; the course has days 1–34")


BACKEND_NAMES = {"mongo": "MongoDB", "redis": "Redis", "llm": "LLM"}


def markdown_table() -> str:
    """The README's 34-day table (``python -m course list --markdown``); a test keeps them equal."""
    lines = ["| Day | Lesson | Run it | Backends | Status |", "| --- | --- | --- | --- | --- |"]
    for e in entries():
        backends = ", ".join(BACKEND_NAMES[b] for b in e.backends) or "—"
        status = "ready" if e.built else "planned"
        lines.append(f"| {e.day:02d} | {e.title} | `{e.run_command}` | {backends} | {status} |")
    return "\n".join(lines)
