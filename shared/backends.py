"""Introduced on Day 11: which backend a lesson gets — a real server when configured, else a default.

Three backends, one rule each, decided from the environment alone (nothing is started here):

======  ==============================  ===============================================
name    real, when this is set          zero set-up default
======  ==============================  ===============================================
mongo   ``MONGODB_URL``                 nx-27017 (MongoDB wire protocol on SQLite), in-process
redis   ``REDIS_URL``                   a private ``redis-server`` on a free port, else fakeredis
llm     ``OPENAI_API_KEY`` (+ base URL)  the offline model, served in the OpenAI HTTP shape
======  ==============================  ===============================================

A configured real backend that is down is an error (:class:`BackendUnavailable`, a 503), never a
quiet switch to the default: a lesson that pretends to have saved your data is worse than one
that says it cannot. ``COURSE_REQUIRE_REAL_SERVICES=1`` (set by CI) also refuses the fakeredis
stand-in, so tests that pass there passed against a real Redis.

:func:`describe` is the banner line (``python -m dayNN_x``), :func:`report` the table of
``python -m course doctor``. :mod:`shared.mongo`, :mod:`shared.redis` and :mod:`shared.llm`
call :func:`choose` too, so what the banner says is what the lesson opens.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Literal

from pydantic import SecretStr

from shared.errors import ServiceUnavailable
from shared.settings import Settings, get_settings

BACKENDS = ("mongo", "redis", "llm")
#: CI sets this: a stand-in (fakeredis) is refused instead of quietly used
REQUIRE_REAL = "COURSE_REQUIRE_REAL_SERVICES"

Kind = Literal["real", "embedded", "stand-in", "refused"]


class BackendUnavailable(ServiceUnavailable):
    """A backend the lesson needs cannot be reached (or is refused): answered as 503."""


@dataclass(frozen=True)
class Choice:
    """What a lesson would open for one backend, and how to switch it."""

    name: str
    kind: Kind
    #: short phrase for humans: "embedded nx-27017 0.8.1 (in memory)"
    using: str
    #: the environment variable that switches it
    env: str
    #: the one-line advice: "set MONGODB_URL to use a real MongoDB"
    hint: str
    #: where it is: the URL (password hidden), the data folder, the binary, or ""
    where: str = ""
    #: what to connect to — the URL *with* its password: pass it on, never print it
    target: str = field(default="", repr=False)


def choose(name: str, settings: Settings | None = None) -> Choice:
    """The backend ``name`` ("mongo", "redis" or "llm") a lesson would open right now."""
    settings = settings or get_settings()
    if name == "mongo":
        return _mongo(settings)
    if name == "redis":
        return _redis(settings)
    if name == "llm":
        return _llm(settings)
    raise ValueError(f"unknown backend {name!r}; expected one of {', '.join(BACKENDS)}")


def describe(name: str) -> str:
    """One line for the runner's banner: what is in use and how to switch."""
    choice = choose(name)
    return f"{choice.name}: {choice.using} — {choice.hint}"


def report() -> list[tuple[str, str, str]]:
    """``(backend, in use now, env var that switches it)`` for every backend."""
    return [(c.name, c.using, c.env) for c in (choose(name) for name in BACKENDS)]


def require_real_services() -> bool:
    return os.environ.get(REQUIRE_REAL, "").strip().lower() in {"1", "true", "yes", "on"}


def configured(value: SecretStr | str | None) -> str | None:
    """A setting's value, or None when unset *or blank* (``MONGODB_URL=`` in a .env is "unset")."""
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if value is None:
        return None
    return value.strip() or None


def redact(url: str) -> str:
    """``url`` with its password (and any ``password=`` query value) replaced by ``***``.

    Error messages and banners name the server they mean, but a connection string often
    carries a secret, and logs outlive the reason they were written.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    netloc, tail = re.match(r"([^/?#]*)(.*)", rest, re.S).groups()  # type: ignore[union-attr]
    if "@" in netloc:
        userinfo, _, hosts = netloc.rpartition("@")
        user, colon, _password = userinfo.partition(":")
        netloc = f"{user}:***@{hosts}" if colon else f"{userinfo}@{hosts}"
    tail = re.sub(r"(?i)((?:^|[?&;])[^=&;]*pass(?:word)?=)[^&;#]*", r"\1***", tail)
    return f"{scheme}://{netloc}{tail}"


def embedded_mongo_folder(settings: Settings) -> Path | None:
    """Where nx-27017 keeps its files, or None for memory (``MONGODB_EMBEDDED_PATH``).

    The path is a folder holding one SQLite file per database; a relative path is taken
    under ``Settings.data_dir`` so lessons never scatter files around the working directory.
    """
    path = settings.mongodb_embedded_path
    if path is None:
        return None
    path = path.expanduser()
    return path if path.is_absolute() else settings.data_dir / path


def redis_server_binary() -> str | None:
    return shutil.which("redis-server")


def _mongo(settings: Settings) -> Choice:
    if real := configured(settings.mongodb_url):
        url = redact(real)
        return Choice(
            "mongo",
            "real",
            f"MongoDB at {url}",
            "MONGODB_URL",
            "unset MONGODB_URL to use the embedded nx-27017",
            url,
            real,
        )
    folder = embedded_mongo_folder(settings)
    storage = "in memory" if folder is None else f"files in {folder}"
    return Choice(
        "mongo",
        "embedded",
        f"embedded nx-27017 {_version('nx-27017')} ({storage})",
        "MONGODB_URL",
        "set MONGODB_URL to use a real MongoDB",
        "" if folder is None else str(folder),
    )


def _redis(settings: Settings) -> Choice:
    if real := configured(settings.redis_url):
        url = redact(real)
        return Choice(
            "redis",
            "real",
            f"Redis at {url}",
            "REDIS_URL",
            "unset REDIS_URL to use a private redis-server",
            url,
            real,
        )
    binary = redis_server_binary()
    if binary:
        return Choice(
            "redis",
            "embedded",
            "private redis-server on a free port",
            "REDIS_URL",
            "set REDIS_URL to use your own Redis",
            binary,
        )
    if require_real_services():
        return Choice(
            "redis",
            "refused",
            "none: no redis-server on PATH, stand-in refused",
            "REDIS_URL",
            f"{REQUIRE_REAL}=1 refuses fakeredis; install redis-server or set REDIS_URL",
        )
    return Choice(
        "redis",
        "stand-in",
        "fakeredis stand-in (no redis-server on PATH)",
        "REDIS_URL",
        "not a real Redis: install redis-server or set REDIS_URL",
    )


def _llm(settings: Settings) -> Choice:
    base = configured(settings.openai_base_url)
    if configured(settings.openai_api_key):
        base = base or "https://api.openai.com/v1"
        return Choice(
            "llm",
            "real",
            f"{settings.llm_model} at {redact(base)}",
            "OPENAI_API_KEY",
            "unset OPENAI_API_KEY to use the offline model",
            redact(base),
            base,
        )
    hint = "set OPENAI_API_KEY (and OPENAI_BASE_URL for a local server) to use a real model"
    if base:
        # Ollama and vLLM ignore the key, but the SDK insists on one: say what is missing.
        hint = "OPENAI_BASE_URL is set but OPENAI_API_KEY is not; set both to use that server"
    return Choice(
        "llm", "embedded", "offline model (rule-based, no API key)", "OPENAI_API_KEY", hint
    )


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:  # pragma: no cover - it is a pinned dependency
        return "(not installed)"
