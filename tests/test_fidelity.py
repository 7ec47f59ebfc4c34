"""Teaching fidelity: every bullet → code → tests, and READMEs generated from the code.

The per-lesson tests hold every lesson to it; the tests after them break a copy of Day 06 on
purpose and watch each check name the lesson and the place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course import bullets, readme_sync
from course.catalog import ROOT
from course.sync import main as sync_main
from course.testing import fail_skipped_bullet_test
from tests.lessons import packages


def report(problems: list) -> str:
    return "\n".join(str(p) for p in problems)


@pytest.mark.parametrize("package", packages())
def test_every_bullet_names_code_and_tests_that_exist(package: str) -> None:
    problems = bullets.check(ROOT / package)
    assert not problems, report(problems)


@pytest.mark.parametrize("package", packages())
def test_readme_is_in_sync_with_the_code(package: str) -> None:
    problems = readme_sync.sync(ROOT / package, write=False)
    assert not problems, report(problems) + "\n(run: python -m course sync)"


# -- the checks themselves -------------------------------------------------------------------


@pytest.fixture
def day06(tmp_path: Path) -> Path:
    """A copy of Day 06 to break."""
    copy = tmp_path / "day06_routing"
    shutil.copytree(ROOT / "day06_routing", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().split("\n"), 1) if text in line)


def test_a_renamed_function_fails_the_bullet_and_the_readme_naming_both_places(
    day06: Path,
) -> None:
    legacy = day06 / "legacy.py"
    legacy.write_text(legacy.read_text().replace("def create_legacy_app(", "def make_legacy_app("))

    problems = [str(p) for p in bullets.check(day06)]
    assert len(problems) == 1
    assert problems[0].startswith("day06_routing/__init__.py: bullet 5 (Mount a whole sub-app")
    assert "code 'legacy.py:create_legacy_app': legacy.py has no create_legacy_app" in problems[0]

    readme = day06 / "README.md"
    named = line_of(readme, "`legacy.py:create_legacy_app`")
    problems = [str(p) for p in readme_sync.sync(day06, write=False)]
    assert f"day06_routing/README.md:{named}: names `legacy.py:create_legacy_app`: " in "\n".join(
        problems
    )


def test_a_test_that_is_gone_or_skipped_fails_the_bullet(day06: Path) -> None:
    tests = day06 / "tests" / "test_mount.py"
    source = tests.read_text()
    tests.write_text(
        source.replace(
            "async def test_mounted_app_answers_under_its_prefix",
            "@pytest.mark.skip(reason='later')\nasync def test_mounted_app_answers_under_its_prefix",
        ).replace("def test_mounted_app_has_its_own_docs_and_openapi", "def check_docs")
    )
    problems = [str(p) for p in bullets.check(day06)]
    assert len(problems) == 2
    assert "test_mounted_app_answers_under_its_prefix': is marked skip" in problems[0]
    assert "test_mount.py has no test test_mounted_app_has_its_own_docs_and_openapi" in problems[1]
    assert all(p.startswith("day06_routing/__init__.py: bullet 5") for p in problems)


def test_a_readme_block_edited_by_hand_fails_naming_the_line_and_sync_restores_it(
    day06: Path,
) -> None:
    readme = day06 / "README.md"
    good = readme.read_text()
    readme.write_text(good.replace('prefix="/authors")', 'prefix="/writers")'))
    fence = line_of(readme, "<!-- include: app.py:create_app -->") + 1

    problems = [str(p) for p in readme_sync.sync(day06, write=False)]
    assert problems == [
        f"day06_routing/README.md:{fence}: the block included from app.py:create_app differs "
        "from the code (run python -m course sync)"
    ]
    assert readme_sync.sync(day06, write=True) == []
    assert readme.read_text() == good


def test_a_learn_list_edited_by_hand_fails(day06: Path) -> None:
    readme = day06 / "README.md"
    readme.write_text(readme.read_text().replace("Mount a whole sub-app", "Mount an app"))
    problems = [str(p) for p in readme_sync.sync(day06, write=False)]
    assert len(problems) == 1
    assert problems[0].startswith("day06_routing/README.md:")
    assert "What you'll learn differs from LESSON.learn" in problems[0]


def test_project_code_pasted_into_a_readme_must_be_included_or_marked_a_sketch(
    day06: Path,
) -> None:
    readme = day06 / "README.md"
    text = readme.read_text().replace(
        "## Break it\n", "## Break it\n\n```python\napp.include_router(books.router)\n```\n", 1
    )
    readme.write_text(text)
    block = line_of(readme, "app.include_router(books.router)") - 1
    problems = [str(p) for p in readme_sync.sync(day06, write=False)]
    assert problems == [
        f"day06_routing/README.md:{block}: a python block that is neither "
        "<!-- include: FILE:NAME --> nor marked <!-- sketch -->"
    ]
    readme.write_text(
        text.replace("## Break it\n\n```python", "## Break it\n\n<!-- sketch -->\n```python")
    )
    assert readme_sync.sync(day06, write=False) == []


def test_include_by_region(tmp_path: Path, day06: Path) -> None:
    (day06 / "snippet.js").write_text(
        "const a = 1;\n  // region: greet\n  console.log('hi');\n  // endregion\n"
    )
    readme = day06 / "README.md"
    readme.write_text(
        readme.read_text().replace(
            "## Break it\n", "## Break it\n\n<!-- include: snippet.js#greet -->\n```js\nold\n```\n"
        )
    )
    assert readme_sync.sync(day06, write=True) == []
    assert "```js\nconsole.log('hi');\n```" in readme.read_text()


def test_sync_check_passes_on_the_course_and_exits_1_with_the_places(
    day06: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sync_main([6], check=True) == 0
    assert "1 lesson README(s) in sync" in capsys.readouterr().out


def test_a_bullet_test_that_skips_at_run_time_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    class Report:
        skipped = True
        outcome = "skipped"
        longrepr = ("test_x.py", 3, "Skipped: no redis-server")

    node = "day06_routing/tests/test_mount.py::test_x[a]"
    bullet_tests = {"day06_routing/tests/test_mount.py::test_x": "day06_routing bullet 5"}

    monkeypatch.delenv("CI", raising=False)
    fail_skipped_bullet_test(Report, node, bullet_tests)  # type: ignore[arg-type]
    assert Report.outcome == "skipped"  # on a laptop, a missing service may skip

    monkeypatch.setenv("CI", "true")
    fail_skipped_bullet_test(Report, node, bullet_tests)  # type: ignore[arg-type]
    assert Report.outcome == "failed"
    assert Report.longrepr == (
        f"day06_routing bullet 5 names {node} as its proof, and in CI it did not run: "
        "Skipped: no redis-server"
    )
