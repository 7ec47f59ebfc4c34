"""The banner and ``course doctor`` say which backend is in use, and how to switch it."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from shared.backends import choose, describe, redact, report
from shared.lesson import Bullet, Lesson
from shared.runner import banner


def fake_path(tmp_path: Path, *, with_redis: bool) -> str:
    """A PATH holding (or not) an executable called redis-server: ``shutil.which`` is all we ask."""
    folder = tmp_path / ("with" if with_redis else "without")
    folder.mkdir()
    if with_redis:
        binary = folder / "redis-server"
        binary.write_text("#!/bin/sh\n")
        binary.chmod(binary.stat().st_mode | stat.S_IEXEC)
    return str(folder)


def test_defaults_are_named_with_the_variable_that_switches_them(env, tmp_path) -> None:
    env(PATH=fake_path(tmp_path, with_redis=True))
    assert describe("mongo") == (
        "mongo: embedded nx-27017 0.8.1 (in memory) — set MONGODB_URL to use a real MongoDB"
    )
    assert describe("redis") == (
        "redis: private redis-server on a free port — set REDIS_URL to use your own Redis"
    )
    assert describe("llm").startswith(
        "llm: offline model (rule-based, no API key) — set OPENAI_API_KEY"
    )


def test_without_redis_server_the_stand_in_says_so_and_ci_refuses_it(env, tmp_path) -> None:
    path = fake_path(tmp_path, with_redis=False)
    env(PATH=path)
    line = describe("redis")
    assert "fakeredis stand-in" in line and "not a real Redis" in line
    assert choose("redis").kind == "stand-in"

    env(PATH=path, COURSE_REQUIRE_REAL_SERVICES="1")
    assert choose("redis").kind == "refused"
    assert "COURSE_REQUIRE_REAL_SERVICES=1 refuses fakeredis" in describe("redis")


def test_real_backends_are_named_without_their_secrets(env) -> None:
    env(
        MONGODB_URL="mongodb://ada:s3cret@db.example:27017/app",
        REDIS_URL="redis://:hunter2@cache.example:6380/2",
        OPENAI_API_KEY="sk-do-not-print",
        OPENAI_BASE_URL="http://localhost:11434/v1",
        LLM_MODEL="llama3.2",
    )
    lines = [describe(name) for name in ("mongo", "redis", "llm")]
    assert lines == [
        "mongo: MongoDB at mongodb://ada:***@db.example:27017/app — "
        "unset MONGODB_URL to use the embedded nx-27017",
        "redis: Redis at redis://:***@cache.example:6380/2 — "
        "unset REDIS_URL to use a private redis-server",
        "llm: llama3.2 at http://localhost:11434/v1 — unset OPENAI_API_KEY to use the offline model",
    ]
    text = " ".join(lines + [" ".join(row) for row in report()])
    for secret in ("s3cret", "hunter2", "sk-do-not-print"):
        assert secret not in text


def test_report_has_one_row_per_backend_for_course_doctor(env, tmp_path) -> None:
    data = tmp_path / "data"
    env(
        MONGODB_EMBEDDED_PATH="mongo", DATA_DIR=str(data), PATH=fake_path(tmp_path, with_redis=True)
    )
    assert report() == [
        ("mongo", f"embedded nx-27017 0.8.1 (files in {data / 'mongo'})", "MONGODB_URL"),
        ("redis", "private redis-server on a free port", "REDIS_URL"),
        ("llm", "offline model (rule-based, no API key)", "OPENAI_API_KEY"),
    ]


def test_a_base_url_without_a_key_is_explained(env) -> None:
    env(OPENAI_BASE_URL="http://localhost:11434/v1")
    assert choose("llm").kind == "embedded"
    assert "OPENAI_BASE_URL is set but OPENAI_API_KEY is not" in describe("llm")


def test_the_runner_banner_shows_each_backend_the_lesson_needs(env) -> None:
    env(REDIS_URL="redis://127.0.0.1:6390/0")
    lesson = Lesson(day=23, title="Logout", learn=(Bullet("x"),), needs=("mongo", "redis"))
    text = banner(lesson, "127.0.0.1", 8023)
    assert "  backend    mongo: embedded nx-27017" in text
    assert "  backend    redis: Redis at redis://127.0.0.1:6390/0" in text
    assert "llm:" not in text


def test_unknown_backend_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown backend 'postgres'"):
        describe("postgres")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "mongodb://ada:pw@h1:27017,h2:27018/db?replicaSet=rs",
            "mongodb://ada:***@h1:27017,h2:27018/db?replicaSet=rs",
        ),
        ("mongodb+srv://ada:p%40ss@cluster.example/", "mongodb+srv://ada:***@cluster.example/"),
        (
            "redis://default:pw@host:6379/0?password=pw2",
            "redis://default:***@host:6379/0?password=***",
        ),
        ("redis://host:6379/0", "redis://host:6379/0"),
        ("redis://user@host", "redis://user@host"),
    ],
)
def test_redact_hides_passwords_only(url: str, shown: str) -> None:
    assert redact(url) == shown


def test_choosing_starts_nothing_and_imports_no_driver() -> None:
    # The banner and course doctor call this module; it must stay light.
    code = (
        "import sys, shared.backends as b; b.report(); "
        "print([m for m in ('pymongo', 'redis', 'openai', 'nx_27017', 'uvicorn') if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).parents[2], capture_output=True, text=True
    )
    assert done.stdout.strip() == "[]", done.stderr


def test_a_blank_variable_counts_as_unset(env) -> None:
    env(MONGODB_URL="", REDIS_URL=" ", OPENAI_API_KEY="")
    assert [choose(name).kind for name in ("mongo", "llm")] == ["embedded", "embedded"]
    assert choose("redis").kind != "real"
