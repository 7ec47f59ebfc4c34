"""GET /config: every setting, where its value came from, and every secret masked.

pydantic-settings reads several *sources* and the first one that has a value wins::

    Settings(log_level="debug")     arguments        (tests, code)
    LOG_LEVEL=debug                 the environment  (the deployment: twelve-factor's "config")
    .env: LOG_LEVEL=debug           the .env file    (a developer's laptop; never committed)
    log_level: str = "info"         the default      (in the code)

To say which one won, :func:`where_from` asks the environment and ``.env`` sources the same
questions the settings class asked at start-up (``EnvSettingsSource``, ``DotEnvSettingsSource``).

A development-only view: a map of your configuration helps whoever attacks it too, so the app
mounts it only where ``Profile.dev_views`` says so (404 in test and production).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from pydantic import BaseModel, JsonValue
from pydantic_settings import BaseSettings, DotEnvSettingsSource, EnvSettingsSource

from shared.settings import PROFILE_DEFAULTS, Settings

Source = Literal["argument", "environment", ".env", "profile", "default"]


class Setting(BaseModel):
    variable: str
    #: secrets are "**********" (set) or null (not set): the value never leaves the process
    value: JsonValue
    source: Source


class ConfigView(BaseModel):
    environment: str
    #: what ENVIRONMENT chose (shared.settings.PROFILES)
    profile: dict[str, bool | str]
    settings: list[Setting]


def effective_config(settings: Settings, *others: BaseSettings) -> ConfigView:
    rows = [row for each in (settings, *others) for row in describe(each)]
    return ConfigView(
        environment=settings.environment, profile=asdict(settings.profile), settings=rows
    )


def describe(settings: BaseSettings) -> list[Setting]:
    """One row per value, nested models flattened (``DAY22_SESSION__MAX_AGE_S``)."""
    # mode="json" is where SecretStr shows as "**********": the masking is pydantic's own.
    values = settings.model_dump(mode="json")
    sources = where_from(settings)
    prefix = settings.model_config.get("env_prefix", "")
    delimiter = settings.model_config.get("env_nested_delimiter") or "__"
    rows = []
    for path, value in _leaves(values):
        variable = (prefix + delimiter.join(path)).upper()
        rows.append(Setting(variable=variable, value=value, source=sources[path]))
    return rows


def where_from(settings: BaseSettings) -> dict[tuple[str, ...], Source]:
    """``{("log_level",): "environment", ("session", "max_age_s"): "default", …}``.

    For settings built from the environment (``get_settings()``): an argument that is also
    set in the environment shows as "environment", since only the value is left to compare.
    """
    cls = type(settings)
    env = EnvSettingsSource(cls)()
    dotenv = DotEnvSettingsSource(cls)()
    found: dict[tuple[str, ...], Source] = {}
    for path, _ in _leaves(settings.model_dump()):
        if _has(env, path):
            found[path] = "environment"
        elif _has(dotenv, path):
            found[path] = ".env"
        elif isinstance(settings, Settings) and path[0] in PROFILE_DEFAULTS:
            # The profile fills these in as if given; a value other than its own was given.
            chosen = getattr(settings.profile, path[0]) == getattr(settings, path[0])
            found[path] = "profile" if chosen else "argument"
        elif _was_given(settings, path):
            found[path] = "argument"
        else:
            found[path] = "default"
    return found


def _leaves(
    values: dict[str, Any], path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], Any]]:
    out = []
    for name, value in values.items():
        if isinstance(value, dict):
            out += _leaves(value, (*path, name))
        else:
            out.append(((*path, name), value))
    return out


def _has(found: dict[str, Any], path: tuple[str, ...]) -> bool:
    node: Any = found
    for name in path:
        if not isinstance(node, dict) or name not in node:
            return False
        node = node[name]
    return True


def _was_given(model: BaseModel, path: tuple[str, ...]) -> bool:
    for name in path:
        if name not in model.model_fields_set:
            return False
        model = getattr(model, name)
    return True
