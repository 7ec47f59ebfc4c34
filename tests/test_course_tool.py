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
    for e in catalog.entries():
        row = rows[e.day - 1]
        assert e.run_command in row
        assert e.built, f"day {e.day} is not built"
        # bullets covered / total, and whether the README is in sync
        total = len(e.lesson.learn)
        assert f" {total}/{total} " in row and " in sync " in row, row


def test_list_shows_uncovered_bullets_and_a_stale_readme(tmp_path) -> None:
    import shutil

    from course import sync

    copy = tmp_path / "day06_routing"
    shutil.copytree(catalog.ROOT / "day06_routing", copy)
    (copy / "legacy.py").write_text("")  # bullet 5's code is gone
    readme = copy / "README.md"
    readme.write_text(readme.read_text().replace('prefix="/authors")', 'prefix="/x")'))
    assert sync.fidelity(copy) == (5, 6, False)


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
