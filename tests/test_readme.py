"""The top-level README keeps up with the lessons: its 34-day table is the catalog's."""

from __future__ import annotations

import re

from course.catalog import ROOT, markdown_table


def readme() -> str:
    return (ROOT / "README.md").read_text()


def test_day_table_matches_lesson_metadata() -> None:
    rows = [line for line in readme().splitlines() if re.match(r"\| \d\d \|", line)]
    expected = [line for line in markdown_table().splitlines() if re.match(r"\| \d\d \|", line)]
    assert len(expected) == 34
    assert rows == expected, "update the README table: python -m course list --markdown"


def test_readme_starts_with_the_two_setup_commands() -> None:
    text = readme()
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", text, flags=re.S)
    assert first_block, "the README opens with a code block of the two set-up commands"
    commands = [c for c in first_block.group(1).splitlines() if c.strip() and not c.startswith("#")]
    assert commands == ["make run", "make test"]


def test_ci_calls_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()
