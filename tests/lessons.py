"""What the course-wide tests iterate over: the built lessons and the shared modules."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from course.catalog import ROOT, lesson_packages, load

SHARED = ROOT / "shared"
INTRO_RE = re.compile(r"Introduced on Day (\d+)")


def packages() -> list[str]:
    return lesson_packages()


def server_packages() -> list[str]:
    return [p for p in packages() if load(p).kind == "server"]


def day_of(package: str) -> int:
    return int(package[3:5])


def python_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.py") if "node_modules" not in p.parts]


def imported_modules(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Absolute module names a file imports (relative imports are the file's own package)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            # `from shared import errors` imports the module shared.errors
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@cache
def shared_intro_days() -> dict[str, int]:
    """``{"shared.errors": 9, …}`` from each module's docstring."""
    days = {}
    for path in SHARED.glob("*.py"):
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        match = INTRO_RE.match(doc)
        name = "shared" if path.stem == "__init__" else f"shared.{path.stem}"
        days[name] = int(match.group(1)) if match else -1
    return days


@cache
def shared_closure(module: str) -> frozenset[str]:
    """The shared modules ``module`` pulls in at import time (itself included)."""
    seen = {module}
    todo = [module]
    known = shared_intro_days()
    while todo:
        name = todo.pop()
        path = SHARED / f"{name.removeprefix('shared.')}.py"
        if not path.exists():
            continue
        for imported in imported_modules(path, top_level_only=True):
            if imported in known and imported not in seen:
                seen.add(imported)
                todo.append(imported)
    return frozenset(seen)
