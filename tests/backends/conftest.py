"""Shared set-up for the backend tests: a clean, explicit environment per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from shared.settings import get_settings

BACKEND_VARS = (
    "MONGODB_URL",
    "MONGODB_EMBEDDED_PATH",
    "REDIS_URL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "LLM_MODEL",
    "COURSE_REQUIRE_REAL_SERVICES",
)


@pytest.fixture
def env(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., None]]:
    """``env(REDIS_URL="redis://…")``: the backend variables for this test, nothing else.

    Every backend variable starts unset (CI may set some), a ``.env`` in the project is out of
    reach (we run from an empty folder), and the settings are re-read.
    """
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))

    def apply(**values: str | None) -> None:
        for name in BACKEND_VARS:
            monkeypatch.delenv(name, raising=False)
        for name, value in values.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    apply()
    yield apply
    get_settings.cache_clear()
