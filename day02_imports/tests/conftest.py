"""Every Day 02 test starts and ends with none of the example modules loaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from day02_imports.module_cache import forget

EXAMPLES = "day02_imports.examples"


def forget_examples() -> None:
    for name in ("shop", "loadlog", "circular_broken", "circular_fixed"):
        forget(f"{EXAMPLES}.{name}")


@pytest.fixture(autouse=True)
def fresh_examples() -> Iterator[None]:
    forget_examples()
    yield
    forget_examples()
