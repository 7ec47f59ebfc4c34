"""Every lesson starts as a real process and answers (the same code as ``course check``)."""

from __future__ import annotations

import pytest

from course.catalog import entry
from course.check import check_entry
from tests.lessons import day_of, packages


@pytest.mark.parametrize("package", packages())
def test_lesson_starts_and_answers(package: str) -> None:
    result = check_entry(entry(day_of(package)))
    assert result.ok, result.detail
    if result.kind == "server":
        assert result.ready_s is not None
