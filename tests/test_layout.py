"""Every lesson keeps the course's shape: metadata, entry point, README template, tests."""

from __future__ import annotations

import ast
import re

import pytest

from course.catalog import PLAN, ROOT, load
from tests.lessons import day_of, packages

SECTIONS = [
    "What you'll learn",
    "Run it",
    "Try it",
    "How it works",
    "Break it",
    "Exercises",
    "Further reading",
]


def test_there_are_lessons() -> None:
    assert packages(), "no dayNN_* lesson packages found"


@pytest.mark.parametrize("package", packages())
def test_lesson_metadata_matches_folder(package: str) -> None:
    lesson = load(package)
    assert lesson.day == day_of(package)
    assert PLAN[lesson.day][0] == package, "folder name differs from the course plan"
    assert lesson.title and lesson.learn, "a lesson says what it teaches"
    assert len(lesson.try_these) >= 2, "the banner shows two things to try"
    assert set(lesson.needs) <= {"mongo", "redis", "llm"}


@pytest.mark.parametrize("package", packages())
def test_init_is_metadata_only(package: str) -> None:
    """``course list`` imports every LESSON: an __init__ that imports heavy code slows it all."""
    tree = ast.parse((ROOT / package / "__init__.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.module in ("shared.lesson", "__future__"), f"__init__ imports {node.module}"
        assert not isinstance(node, ast.Import), "__init__ imports a module"


@pytest.mark.parametrize("package", packages())
def test_entry_point_uses_the_runner(package: str) -> None:
    main = (ROOT / package / "__main__.py").read_text()
    assert "from shared.runner import main" in main and "main(__package__)" in main
    lesson = load(package)
    if lesson.kind == "server":
        assert (ROOT / package / "app.py").exists(), "a server lesson has app.py:create_app"
    if lesson.kind == "demo" or lesson.has_demo:
        assert (ROOT / package / "demo.py").exists(), "a demo lesson has demo.py:main"


@pytest.mark.parametrize("package", packages())
def test_readme_follows_the_template(package: str) -> None:
    readme = (ROOT / package / "README.md").read_text()
    lesson = load(package)
    assert readme.startswith(f"# Day {lesson.day:02d}"), "README starts with '# Day NN · Title'"
    headings = re.findall(r"^## (.+?)\s*$", readme, flags=re.M)
    template = [h for h in headings if h in SECTIONS]
    assert template == SECTIONS, f"sections in order {SECTIONS}, found {headings}"
    assert f"python -m {package}" in readme, "README shows how to run the lesson"


@pytest.mark.parametrize("package", packages())
def test_lesson_has_tests(package: str) -> None:
    tests = list((ROOT / package / "tests").glob("test_*.py"))
    assert tests, "every lesson has tests/test_*.py"
    count = sum(
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
        for path in tests
        for node in ast.walk(ast.parse(path.read_text()))
    )
    assert count >= 3, f"only {count} tests"


@pytest.mark.parametrize("package", packages())
def test_no_skipped_tests(package: str) -> None:
    """A skipped test proves nothing: lessons' tests never skip themselves."""
    for path in (ROOT / package / "tests").rglob("*.py"):
        text = path.read_text()
        assert "pytest.skip" not in text and "mark.skip" not in text, f"{path.name} skips"
