"""Secrets: never in a log line, a repr, a JSON dump or a response — and never a weak one outside
development, where start-up is refused by the variable's name."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings

from course.testing import ROOT
from day22_methods_env.app import create_app
from day22_methods_env.sessions import sign
from day22_methods_env.tests.helpers import ADA, PASSWORD, strong_secret
from shared.settings import PLACEHOLDER_SECRET, ConfigurationError, Settings, get_settings

Environ = Callable[..., None]


def secrets_set(environ: Environ) -> dict[str, str]:
    """Set every secret the course knows; return the strings that must never be seen."""
    secret_key = strong_secret()
    db_password = "db-" + strong_secret()
    api_key = "sk-" + strong_secret()
    redis_password = "redis-" + strong_secret()
    environ(
        SECRET_KEY=secret_key,
        MONGODB_URL=f"mongodb://app:{db_password}@db.invalid:27017/",
        OPENAI_API_KEY=api_key,
        REDIS_URL=f"redis://:{redis_password}@cache.invalid:6379/0",
        LOG_LEVEL="debug",
    )
    return {
        "SECRET_KEY": secret_key,
        "MONGODB_URL password": db_password,
        "OPENAI_API_KEY": api_key,
        "REDIS_URL password": redis_password,
    }


def leaked(text: str, secrets: dict[str, str]) -> list[str]:
    return [name for name, value in secrets.items() if value in text]


def test_settings_never_show_a_secret(environ: Environ) -> None:
    secrets = secrets_set(environ)
    settings = get_settings()
    for shown in (
        repr(settings),
        str(settings),
        f"{settings}",
        settings.model_dump_json(),
        str(settings.model_dump(mode="json")),
        str(settings.model_dump()),  # python mode keeps SecretStr objects, masked too
    ):
        assert leaked(shown, secrets) == [], shown
    # ...while the code that needs a value still gets it, by asking on purpose:
    assert settings.secret_key.get_secret_value() == secrets["SECRET_KEY"]


def test_a_validation_error_does_not_repeat_the_value(environ: Environ) -> None:
    """A key pasted into the wrong variable must not end up in the start-up error."""
    key = strong_secret()
    environ(LLM_TIMEOUT_S=key)
    with pytest.raises(ValidationError) as refused:
        Settings()
    assert key not in str(refused.value) and "llm_timeout_s" in str(refused.value)

    # Why Settings has no constraints on SecretStr fields and hides input in errors: by default
    # pydantic reports the input it refused, and for a secret that *is* the secret.
    class Careless(BaseSettings):
        secret_key: SecretStr = Field(min_length=64)

    environ(SECRET_KEY=key)
    with pytest.raises(ValidationError) as careless:
        Careless()
    assert key in str(careless.value)


async def test_no_log_line_and_no_response_shows_a_secret(
    environ: Environ,
    mongo_db: Any,
    hasher: Any,
    client_for: Any,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    secrets = secrets_set(environ)
    secrets["the user's password"] = PASSWORD
    caplog.set_level(logging.DEBUG)  # every logger, every level: uvicorn, pymongo, ours
    # ...including the access log, even if an earlier test in this process quietened it
    # (a demo run in-process may set course.access to WARNING); caplog restores it after.
    caplog.set_level(logging.DEBUG, logger="course.access")
    app = create_app(mongo_db, hasher=hasher)  # LOG_LEVEL=debug: our loggers at DEBUG too
    answers = []
    async with client_for(app) as client:
        answers.append(await client.post("/signup", json=ADA))
        secrets["the session cookie"] = client.cookies["day22_session"]
        answers.append(await client.get("/me"))
        answers.append(await client.patch("/me", json={"last_name": "King"}))
        answers.append(await client.get("/config"))
        answers.append(
            await client.post("/login", json={"email": ADA["email"], "password": "nope"})
        )
        answers.append(await client.post("/signup", json={**ADA, "email": "bad"}))  # 422
        answers.append(await client.post("/signup", json=ADA))  # 409
        client.cookies.clear()
        answers.append(await client.get("/me", headers={"cookie": "day22_session=forged"}))
    assert [a.status_code for a in answers] == [201, 200, 200, 200, 401, 422, 409, 401]

    records = caplog.records
    assert any(r.name == "course.access" for r in records), "the access log was captured"
    assert any(r.levelno == logging.DEBUG for r in records), "DEBUG lines were captured"
    logged = "\n".join(
        [caplog.text, *(r.getMessage() for r in records), *(str(r.args) for r in records)]
    )
    printed = capsys.readouterr()
    assert leaked(logged, secrets) == []
    assert leaked(printed.out + printed.err, secrets) == []
    for answer in answers:
        headers = {k: v for k, v in answer.headers.items() if k != "set-cookie"}
        assert leaked(answer.text + str(headers), secrets) == [], answer.request.url
    config = answers[3].json()["settings"]
    masked = {
        row["variable"]: row["value"]
        for row in config
        if row["variable"] in {"SECRET_KEY", "MONGODB_URL", "OPENAI_API_KEY", "REDIS_URL"}
    }
    assert set(masked.values()) == {"**********"}


@pytest.mark.parametrize("environment", ["production", "test"])
@pytest.mark.parametrize(
    ("secret_key", "reason"),
    [
        (None, "SECRET_KEY is not set"),
        ("", "SECRET_KEY is empty"),
        (PLACEHOLDER_SECRET, "SECRET_KEY is a published placeholder"),
        ("Secret", "SECRET_KEY is a published placeholder"),
        ("s3cr3t-but-only-26-chars-x", "SECRET_KEY is shorter than 32 characters"),
    ],
)
def test_outside_development_a_weak_secret_stops_the_app(
    environ: Environ, environment: str, secret_key: str | None, reason: str
) -> None:
    environ(ENVIRONMENT=environment, SECRET_KEY=secret_key)
    with pytest.raises(ConfigurationError) as refused:
        create_app()
    message = str(refused.value)
    assert reason in message and f"ENVIRONMENT={environment}" in message
    if secret_key:
        assert secret_key not in message  # the variable's name, never its value


def test_a_strong_secret_starts_everywhere(environ: Environ) -> None:
    for environment in ("development", "test", "production"):
        environ(ENVIRONMENT=environment, SECRET_KEY=strong_secret())
        assert isinstance(create_app(), FastAPI)


async def test_development_starts_with_the_placeholder_and_says_so(
    make_app: Callable[..., FastAPI], client_for: Any, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(ENVIRONMENT=None, SECRET_KEY=None)
    async with client_for(app) as client:
        assert (await client.get("/health")).status_code == 200
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("SECRET_KEY is not set" in w and "development only" in w for w in warnings)
    assert not any(PLACEHOLDER_SECRET in w for w in warnings)


async def test_why_the_placeholder_is_refused_anyone_can_forge_a_session(
    make_app: Callable[..., FastAPI], client_for: Any
) -> None:
    """The attack the refusal stops: knowing the key is being able to sign in as anyone."""
    for secret_key, forgery_works in ((None, True), (strong_secret(), False)):
        app = make_app(SECRET_KEY=secret_key)
        async with client_for(app) as client:
            signup = await client.post("/signup", json={**ADA, "email": f"{forgery_works}@x.org"})
            victim = signup.json()["id"]
            client.cookies.clear()
            # All an attacker needs: the victim's id and the published placeholder.
            forged = sign(victim, SecretStr(PLACEHOLDER_SECRET), 3600)
            me = await client.get("/me", headers={"cookie": f"day22_session={forged}"})
        assert me.status_code == (200 if forgery_works else 401)
        if forgery_works:
            assert me.json()["id"] == victim


@pytest.mark.parametrize(
    ("environment", "first_line"),
    [
        (
            "production",
            "error: refusing to start with ENVIRONMENT=production: SECRET_KEY is not set",
        ),
        ("prod", "error: 1 validation error for Settings"),  # a typo: refused, no traceback
    ],
    ids=["no-secret-in-production", "unknown-environment"],
)
def test_the_real_process_refuses_without_a_traceback(
    environ: Environ, environment: str, first_line: str
) -> None:
    """``ENVIRONMENT=production python -m day22_methods_env`` with no SECRET_KEY: one line, exit."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ENVIRONMENT"}}
    env |= {"ENVIRONMENT": environment, "PYTHONUNBUFFERED": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "day22_methods_env", "--port", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith(first_line), done.stderr
    if environment == "production":
        assert len(lines) == 1, done.stderr
