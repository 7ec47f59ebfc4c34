"""The course tool: list, serve's home page, doctor, run and bench argument handling."""

from __future__ import annotations

import subprocess
import sys

from course import catalog
from course.catalog import ROOT


def course(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "course", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_list_shows_all_34_days() -> None:
    done = course("list")
    assert done.returncode == 0
    rows = [line for line in done.stdout.splitlines()[1:] if line.strip()]
    assert len(rows) == 34
    built = {e.day for e in catalog.entries() if e.built}
    for e in catalog.entries():
        row = rows[e.day - 1]
        assert e.run_command in row
        assert ("ready" if e.day in built else "planned") in row


async def test_serve_home_lists_every_day_and_mounts_lessons(client_for) -> None:
    from course.serve import create_app

    app = create_app()
    async with client_for(app) as client:
        home = await client.get("/")
        assert home.status_code == 200
        for e in catalog.entries():
            assert e.run_command in home.text
        health = (await client.get("/health")).json()
        assert health["broken"] == []
        for e in catalog.entries():
            if e.built and e.lesson and e.lesson.kind == "server":
                response = await client.get(f"/day{e.day:02d}/health")
                assert response.status_code == 200, f"day {e.day} not mounted"


def test_doctor_reports_python_and_backends() -> None:
    done = course("doctor")
    assert done.returncode == 0, done.stderr
    assert "Python" in done.stdout and "redis-server" in done.stdout


def test_run_refuses_unknown_and_planned_days() -> None:
    assert course("run", "99").returncode != 0
    planned = [e for e in catalog.entries() if not e.built]
    if planned:
        done = course("run", str(planned[0].day))
        assert done.returncode == 2 and "planned" in done.stderr


def test_bench_refuses_a_day_without_benchmark() -> None:
    done = course("bench", "1")
    assert done.returncode == 2 and "no benchmark" in done.stderr
