"""What the fidelity checks share: where a lesson lives, its metadata, and how a problem reads.

Teaching fidelity is three promises, each kept by one module and checked by the course tests:

* :mod:`course.bullets` — every "you'll learn" bullet names the code that shows it and the
  tests that prove it, and all of them exist;
* :mod:`course.readme_sync` — a lesson README's "What you'll learn" and its code blocks are
  generated from the lesson's files, never copied by hand (``python -m course sync``);
* :mod:`course.tryit` — the commands in a README's "Try it" run against the lesson and print
  what the README says they print.

Each check works on a lesson *folder*, not an imported package, so the checks' own tests can
break a copy of a lesson on purpose and watch the check name the place.
"""

from __future__ import annotations

import ast
import runpy
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course.catalog import ROOT, lesson_packages
from shared.lesson import Lesson


@dataclass(frozen=True)
class Problem:
    """One broken promise: ``where`` is a path with a line or a bullet, relative to the root."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def lesson_folders() -> list[Path]:
    return [ROOT / package for package in lesson_packages()]


def load_lesson(folder: Path) -> Lesson:
    """The folder's ``LESSON``, read from its ``__init__.py`` without importing the package."""
    return runpy.run_path(str(folder / "__init__.py"))["LESSON"]


def base_for(folder: Path, ref: str) -> Path:
    """Refs are relative to the lesson's folder, or to the root for shared code."""
    return ROOT if ref.startswith(("shared/", "course/")) else folder


@cache
def _parse(path: Path, mtime: float) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def parse(path: Path) -> ast.Module:
    return _parse(path, path.stat().st_mtime)


def find_definition(tree: ast.Module, qualname: str) -> ast.AST | None:
    """The def, class or module-level assignment called ``qualname`` (``Class.method`` too)."""
    scope: list[ast.stmt] = tree.body
    found: ast.AST | None = None
    for part in qualname.split("."):
        found = None
        for node in scope:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                if node.name == part:
                    found = node
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == part for t in targets):
                    found = node
        if found is None:
            return None
        # Class.method, and create_app.page: a route defined inside its app factory
        scope = getattr(found, "body", [])
    return found


def resolve_code(folder: Path, ref: str) -> str | None:
    """Why ``ref`` (``file``, ``file.py:name``, ``folder/``) names nothing; None when it exists."""
    path, _, qualname = ref.partition(":")
    target = base_for(folder, ref) / path
    if not target.exists():
        return f"{path} does not exist"
    if qualname:
        if target.suffix != ".py":
            return f"{ref}: only a .py file can name a function or class"
        if find_definition(parse(target), qualname) is None:
            return f"{path} has no {qualname}"
    return None


def relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:  # a lesson copied elsewhere (the checks' own tests)
        return f"{path.parent.name}/{path.name}"
