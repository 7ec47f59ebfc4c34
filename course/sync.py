"""``python -m course sync [--check] [N…]``: the READMEs say what the lessons' files say.

Writes each lesson README's generated parts (:mod:`course.readme_sync`) and the top-level
README's 34-day table, and reports every bullet whose code or tests do not exist
(:mod:`course.bullets`). ``--check`` changes nothing and exits 1 on any problem: what the
course tests and CI run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from course import bullets, readme_sync
from course.catalog import ROOT, entry, lesson_packages
from course.fidelity import Problem


def main(days: list[int], *, check: bool) -> int:
    packages = [entry(day).package for day in days] if days else lesson_packages()
    problems: list[Problem] = []
    for package in packages:
        folder = ROOT / package
        problems += bullets.check(folder)
        problems += readme_sync.sync(folder, write=not check)
    if not days:
        problems += _day_table(write=not check)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{len(packages)} lesson README(s) in sync")
    return 0


def fidelity(folder: Path) -> tuple[int, int, bool]:
    """(bullets with existing code and tests, bullets, README in sync) for ``course list``."""
    covered, total = bullets.coverage(folder)
    return covered, total, not readme_sync.sync(folder, write=False)


def _day_table(*, write: bool) -> list[Problem]:
    from course.readme import render

    path = ROOT / "README.md"
    text = path.read_text()
    new = render(text)
    if new == text:
        return []
    if write:
        path.write_text(new)
        return []
    return [
        Problem("README.md", "the 34-day table differs from the lessons (python -m course sync)")
    ]
