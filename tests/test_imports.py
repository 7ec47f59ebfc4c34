"""The shared package grows with the course: no day reaches forward or sideways."""

from __future__ import annotations

import pytest

from course.catalog import ROOT
from tests.lessons import (
    day_of,
    imported_modules,
    packages,
    python_files,
    shared_closure,
    shared_intro_days,
)


def test_every_shared_module_says_when_it_is_introduced() -> None:
    undated = [name for name, day in shared_intro_days().items() if day < 1]
    assert not undated, f"docstrings must start with 'Introduced on Day NN': {undated}"


def test_shared_modules_only_use_earlier_ones() -> None:
    days = shared_intro_days()
    for module, day in days.items():
        for used in shared_closure(module):
            assert days[used] <= day, f"{module} (day {day}) imports {used} (day {days[used]})"


@pytest.mark.parametrize("package", packages())
def test_day_imports_no_other_day_and_no_later_shared_module(package: str) -> None:
    day = day_of(package)
    intro = shared_intro_days()
    for path in python_files(ROOT / package):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top.startswith("day") and top[3:5].isdigit():
                assert top == package, f"{path.relative_to(ROOT)} imports another day: {module}"
            if module in intro:
                for used in shared_closure(module):
                    assert intro[used] <= day, (
                        f"{path.relative_to(ROOT)} (day {day}) uses {used}, "
                        f"introduced on day {intro[used]}"
                    )
