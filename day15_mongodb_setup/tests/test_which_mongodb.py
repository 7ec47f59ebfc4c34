"""Which MongoDB a lesson uses: MONGODB_URL when set, else nx-27017 — and who says so."""

from __future__ import annotations

import pytest
from pymongo import AsyncMongoClient

from course import doctor
from course.net import free_port
from shared.backends import choose
from shared.settings import Settings

from .conftest import assert_problem


def test_the_choice_follows_mongodb_url():
    embedded = choose("mongo", Settings(mongodb_url=None))
    assert embedded.kind == "embedded" and embedded.using.startswith("embedded nx-27017")
    real = choose("mongo", Settings(mongodb_url="mongodb://app:s3cret@db.example.com:27017/"))
    assert real.kind == "real" and real.env == "MONGODB_URL"
    assert real.using == "MongoDB at mongodb://app:***@db.example.com:27017/"  # password hidden


def test_course_doctor_names_this_lesson_and_its_backend(capsys):
    assert doctor.main() == 0
    out = capsys.readouterr().out
    assert "day 15 day15_mongodb_setup" in out and "uses mongo" in out
    mongo_line = next(line for line in out.splitlines() if line.startswith("mongo "))
    assert "MONGODB_URL" in mongo_line


async def test_connection_says_what_is_in_use(client):
    r = await client.get("/connection")
    assert r.status_code == 200
    body = r.json()
    assert body["switch_with"] == "MONGODB_URL" and body["backend"] in {"embedded", "real"}
    assert body["server"] in {"nx-27017", "mongod"} and body["ping_ms"] >= 0


async def test_ready_pings_health_does_not(client):
    ready = await client.get("/ready")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert (await client.get("/health")).json() == {"status": "ok", "day": 15}


@pytest.mark.timeout(10)
async def test_ready_is_503_when_the_database_is_gone(app, client):
    # Swap in a database on a port nobody listens on, with a short server-selection timeout.
    dead = AsyncMongoClient(
        f"mongodb://127.0.0.1:{free_port()}/?directConnection=true", serverSelectionTimeoutMS=100
    )
    live_db, app.state.db = app.state.db, dead["day15"]
    try:
        body = assert_problem(await client.get("/ready"), 503)
        assert "not reachable" in body["detail"] and body["backend"] == "mongo"
        # Liveness is unaffected: the process is fine, only the database is not.
        assert (await client.get("/health")).status_code == 200
        assert_problem(await client.get("/connection"), 503)
    finally:
        app.state.db = live_db
        await dead.close()
