"""Every "you'll learn" bullet → the code that shows it → the tests that prove it.

A lesson's ``LESSON.learn`` holds :class:`shared.lesson.Bullet`\\ s. :func:`check` fails a
bullet that names no code or no test, names code or a test that does not exist, or names a
test that is marked to skip or xfail. A test that skips itself at run time (a missing service)
is caught by the root ``conftest.py`` in CI, with :func:`referenced_tests`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from course.fidelity import Problem, find_definition, load_lesson, parse, resolve_code
from shared.lesson import Bullet

#: marks that make a test prove nothing in CI
SKIPPING_MARKS = {"skip", "skipif", "xfail"}
PARAMS_RE = re.compile(r"\[.*\]$")


def check(folder: Path) -> list[Problem]:
    lesson = load_lesson(folder)
    problems = []
    if not lesson.learn:
        problems.append(Problem(f"{folder.name}/__init__.py", "LESSON.learn is empty"))
    for number, bullet in enumerate(lesson.learn, 1):
        where = f"{folder.name}/__init__.py: bullet {number}"
        if isinstance(bullet, Bullet):
            where += f" ({_short(bullet.text)})"
        problems += [Problem(where, what) for what in bullet_problems(folder, bullet)]
    return problems


def coverage(folder: Path) -> tuple[int, int]:
    """(bullets whose code and tests all exist, bullets)."""
    learn = load_lesson(folder).learn
    return sum(not bullet_problems(folder, b) for b in learn), len(learn)


def bullet_problems(folder: Path, bullet: Bullet | str) -> list[str]:
    if not isinstance(bullet, Bullet):
        return ["is plain text; make it Bullet(text, code=…, tests=…)"]
    problems = []
    if not bullet.code:
        problems.append("names no code that shows it")
    if not bullet.tests:
        problems.append("names no test that proves it")
    for ref in bullet.code:
        if reason := resolve_code(folder, ref):
            problems.append(f"code {ref!r}: {reason}")
    for node_id in bullet.tests:
        if reason := resolve_test(folder, node_id):
            problems.append(f"test {node_id!r}: {reason}")
    return problems


def resolve_test(folder: Path, node_id: str) -> str | None:
    """Why ``tests/test_x.py::test_y`` (or ``::Class::test_y``, ``[param]``) proves nothing."""
    path, _, names = node_id.partition("::")
    if not path.startswith("tests/"):
        return "tests live in the lesson's tests/ folder (the others are not collected)"
    target = folder / path
    if not target.is_file():
        return f"{path} does not exist"
    if not names:
        return "name a test: tests/test_x.py::test_name"
    tree = parse(target)
    qualname = PARAMS_RE.sub("", names).replace("::", ".")
    node = find_definition(tree, qualname)
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return f"{path} has no test {qualname}"
    if not node.name.startswith("test"):
        return f"{qualname} is not a test (pytest collects test_* functions)"
    owners: list[ast.AST] = [node]
    if "." in qualname:
        owners.append(find_definition(tree, qualname.rsplit(".", 1)[0]))
    for owner in owners:
        if marks := SKIPPING_MARKS & _mark_names(getattr(owner, "decorator_list", [])):
            return f"is marked {', '.join(sorted(marks))}: a skipped test proves nothing"
    for statement in tree.body:  # pytestmark = pytest.mark.skip(...) skips the whole module
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in statement.targets
        ):
            if marks := SKIPPING_MARKS & _mark_names([statement.value]):
                return f"its module is marked {', '.join(sorted(marks))}"
    return None


def referenced_tests(folders: list[Path], root: Path) -> dict[str, str]:
    """``{"day06_routing/tests/test_x.py::test_y": "day06_routing bullet 2", …}``."""
    found = {}
    for folder in folders:
        for number, bullet in enumerate(load_lesson(folder).learn, 1):
            for node_id in getattr(bullet, "tests", ()):
                key = f"{folder.relative_to(root)}/{PARAMS_RE.sub('', node_id)}"
                found[key] = f"{folder.name} bullet {number}"
    return found


def _mark_names(expressions: list[ast.expr]) -> set[str]:
    names = set()
    for expression in expressions:
        for node in ast.walk(expression):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
    return names


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
