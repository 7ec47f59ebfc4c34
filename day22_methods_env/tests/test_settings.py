"""Configuration from the environment: who wins, nested variables, and what ENVIRONMENT changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from day22_methods_env.app import create_app
from day22_methods_env.config import LessonSettings
from day22_methods_env.tests.helpers import ADA, strong_secret
from shared.settings import PROFILES, Settings, get_settings

Environ = Callable[..., None]


def dotenv(folder: Path, text: str) -> Path:
    path = folder / ".env"
    path.write_text(text)
    return path


def test_precedence_arguments_then_environment_then_dotenv_then_defaults(
    environ: Environ, tmp_path: Path
) -> None:
    environ(MAX_BODY_BYTES=None, LLM_MODEL=None)
    assert Settings(_env_file=None).max_body_bytes == 1_000_000  # the default in the code

    env_file = dotenv(tmp_path, "MAX_BODY_BYTES=2000\nLLM_MODEL=from-dotenv\n")
    assert Settings(_env_file=env_file).max_body_bytes == 2000  # .env beats the default

    environ(MAX_BODY_BYTES="3000")
    from_env = Settings(_env_file=env_file)
    assert from_env.max_body_bytes == 3000  # the environment beats .env...
    assert from_env.llm_model == "from-dotenv"  # ...value by value, not file by file

    assert Settings(_env_file=env_file, max_body_bytes=4000).max_body_bytes == 4000  # arguments win


def test_nested_settings_with_a_prefix_and_a_delimiter(environ: Environ, tmp_path: Path) -> None:
    assert LessonSettings(_env_file=None).session.max_age_s == 3600
    env_file = dotenv(tmp_path, "DAY22_SESSION__SAME_SITE=strict\nDAY22_SESSION__MAX_AGE_S=120\n")
    environ(DAY22_SESSION__MAX_AGE_S="600", MAX_AGE_S="1", SESSION__MAX_AGE_S="2")
    settings = LessonSettings(_env_file=env_file)
    # DAY22_ is the lesson's prefix, "__" steps into the nested model; unprefixed names are
    # someone else's and ignored.
    assert settings.session.max_age_s == 600
    assert settings.session.same_site == "strict"  # the .env file fills what the env lacks
    assert settings.session.cookie_name == "day22_session"


def test_a_bad_nested_value_stops_the_app_at_start(environ: Environ) -> None:
    environ(DAY22_SESSION__MAX_AGE_S="5", SECRET_KEY=strong_secret())
    with pytest.raises(ValidationError) as refused:
        create_app()
    assert refused.value.errors()[0]["loc"] == ("session", "max_age_s")


@pytest.mark.parametrize(
    ("environment", "log_level", "api_docs", "cookie_secure"),
    [
        ("development", "info", True, False),
        ("test", "warning", True, False),
        ("production", "info", False, True),
    ],
)
def test_environment_picks_the_defaults(
    environ: Environ, environment: str, log_level: str, api_docs: bool, cookie_secure: bool
) -> None:
    environ(ENVIRONMENT=environment)
    settings = get_settings()
    assert (settings.log_level, settings.api_docs, settings.cookie_secure) == (
        log_level,
        api_docs,
        cookie_secure,
    )
    assert settings.profile is PROFILES[environment]


def test_a_variable_still_overrides_its_environments_default(environ: Environ) -> None:
    environ(ENVIRONMENT="production", API_DOCS="true", LOG_LEVEL="debug")
    settings = get_settings()
    assert settings.api_docs is True and settings.log_level == "debug"
    assert settings.cookie_secure is True  # not overridden: still production's


def test_an_unknown_environment_is_refused_by_name(environ: Environ) -> None:
    environ(ENVIRONMENT="prod")
    with pytest.raises(ValidationError) as refused:
        get_settings()
    assert [e["loc"] for e in refused.value.errors()] == [("environment",)]
    assert "'development', 'test' or 'production'" in str(refused.value)


async def test_development_production_and_test_apps_differ(
    make_app: Callable[..., FastAPI], client_for: Any
) -> None:
    seen = {}
    for environment in ("development", "test", "production"):
        app = make_app(ENVIRONMENT=environment, SECRET_KEY=strong_secret())
        async with client_for(app) as client:
            signup = await client.post("/signup", json={**ADA, "email": f"{environment}@x.org"})
            assert signup.status_code == 201, signup.text
            seen[environment] = {
                "docs": (await client.get("/docs")).status_code,
                "openapi": (await client.get("/openapi.json")).status_code,
                "config": (await client.get("/config")).status_code,
                "secure": "secure" in signup.headers["set-cookie"].lower().split("; "),
            }
    assert seen == {
        "development": {"docs": 200, "openapi": 200, "config": 200, "secure": False},
        "test": {"docs": 200, "openapi": 200, "config": 404, "secure": False},
        "production": {"docs": 404, "openapi": 404, "config": 404, "secure": True},
    }


async def test_config_names_each_values_source(
    make_app: Callable[..., FastAPI],
    client_for: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # the .env file is read from the working directory
    dotenv(tmp_path, "LLM_MODEL=from-dotenv\nDAY22_SESSION__SAME_SITE=strict\n")
    app = make_app(
        LOG_LEVEL="debug", DAY22_SESSION__MAX_AGE_S="600", SECRET_KEY="x" * 40, LLM_MODEL=None
    )
    async with client_for(app) as client:
        view = (await client.get("/config")).json()
    rows = {row["variable"]: (row["value"], row["source"]) for row in view["settings"]}
    assert rows["LOG_LEVEL"] == ("debug", "environment")
    assert rows["LLM_MODEL"] == ("from-dotenv", ".env")
    assert rows["API_DOCS"] == (True, "profile")
    assert rows["MAX_BODY_BYTES"] == (1_000_000, "default")
    assert rows["DAY22_SESSION__MAX_AGE_S"] == (600, "environment")
    assert rows["DAY22_SESSION__SAME_SITE"] == ("strict", ".env")
    assert rows["DAY22_SESSION__COOKIE_NAME"] == ("day22_session", "default")
    assert rows["SECRET_KEY"] == ("**********", "environment")
    assert view["environment"] == "development" and view["profile"]["dev_views"] is True
