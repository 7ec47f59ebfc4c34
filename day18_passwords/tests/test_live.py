"""Through a real uvicorn: the event loop stays free while logins hash, and the lesson as run."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from day18_passwords.app import create_app
from day18_passwords.sample_data import PASSWORDS
from day18_passwords.tests.helpers import PASSPHRASE, GatedHasher
from shared.backends import configured
from shared.settings import Settings

LOGINS = 20


async def until(condition: Callable[[], bool], deadline_s: float = 10.0) -> None:
    """Poll ``condition`` until it holds (or fail at the deadline): no sleeping "long enough"."""
    deadline = time.monotonic() + deadline_s
    while not condition():
        assert time.monotonic() < deadline, "condition not reached before the deadline"
        await asyncio.sleep(0.005)


async def test_health_answers_while_20_logins_hash(live_app: Callable[[Any], str]) -> None:
    """20 logins are inside the server at once; /health still answers, before any of them."""
    hasher = GatedHasher(workers=2)
    db_name = f"test_day18_live_{uuid.uuid4().hex[:8]}"
    url = live_app(create_app(hasher=hasher, db_name=db_name, seed=False))
    try:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            user = {"username": "ada", "password": PASSPHRASE}
            assert (await client.post("/signup", json=user)).status_code == 201
            logins = [asyncio.create_task(client.post("/login", json=user)) for _ in range(LOGINS)]
            # Both pool threads are busy with a login; the other 18 wait in the pool's queue.
            await until(lambda: hasher.in_flight == hasher.workers)

            health = await client.get("/health")

            assert health.status_code == 200
            assert not any(task.done() for task in logins)  # /health finished first
            assert hasher.in_flight == hasher.workers  # and the pool never grew
            hasher.gate.set()
            answers = await asyncio.gather(*logins)
        assert [answer.status_code for answer in answers] == [200] * LOGINS
        assert hasher.most_at_once == hasher.workers == 2  # bounded: memory is workers × m
        assert len(hasher.checks) == LOGINS
    finally:
        hasher.gate.set()
        hasher.close()
        _drop_if_real(db_name)


def test_the_lesson_as_a_learner_runs_it(lesson_process: Callable[..., Any]) -> None:
    """``python -m day18_passwords`` on the embedded MongoDB, at the real (OWASP floor) cost."""
    lesson = lesson_process("day18_passwords", env={"MONGODB_URL": ""})
    secret = "a passphrase only this test knows"
    with httpx.Client(base_url=lesson.url, timeout=10) as client:
        assert client.get("/password-policy").json()["min_length"] == 8
        created = client.post("/signup", json={"username": "ada", "password": secret})
        assert created.status_code == 201, created.text
        assert (
            client.post("/login", json={"username": "ada", "password": secret}).status_code == 200
        )
        before = {row["username"]: row for row in client.get("/admin/hashes").json()}
        assert before["grace"]["scheme"] == "bcrypt" and before["grace"]["outdated"]
        grace = {"username": "grace", "password": PASSWORDS["grace"]}
        assert client.post("/login", json=grace).status_code == 200
        after = {row["username"]: row for row in client.get("/admin/hashes").json()}
    assert after["grace"] == {
        "username": "grace",
        "scheme": "argon2id",
        "params": {"m": 19456, "t": 2, "p": 1},
        "outdated": False,
    }
    assert after["ada"]["params"] == {"m": 19456, "t": 2, "p": 1}


def _drop_if_real(db_name: str) -> None:
    url = configured(Settings().mongodb_url)
    if url:
        from pymongo import MongoClient

        with MongoClient(url, serverSelectionTimeoutMS=3000) as client:
            client.drop_database(db_name)
