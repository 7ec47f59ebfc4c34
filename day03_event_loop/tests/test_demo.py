"""The demo and the lesson as a learner runs them: ``python -m day03_event_loop [demo]``."""

from __future__ import annotations

import re

import httpx
import pytest

from day03_event_loop import demo
from day03_event_loop.app import create_app


def table_rows(output: str) -> dict[str, list[str]]:
    rows = {}
    for line in output.splitlines():
        cells = line.split()
        if cells and cells[0] in demo.ENDPOINTS and re.fullmatch(r"[\d.]+s", cells[1]):
            rows[cells[0]] = cells
    return rows


def test_http_demo_prints_a_table_where_only_blocking_serialises(live_app, capsys) -> None:
    url = live_app(create_app())

    assert demo.main(["--part", "http", "--url", url, "-n", "6", "--ms", "10"]) == 0

    rows = table_rows(capsys.readouterr().out)
    assert set(rows) == {"blocking", "non-blocking", "offloaded"}
    in_flight = {endpoint: int(cells[4]) for endpoint, cells in rows.items()}
    assert in_flight["blocking"] == 1
    assert in_flight["non-blocking"] > 1
    assert in_flight["offloaded"] > 1


def test_demo_starts_its_own_server_when_given_no_url(capsys) -> None:
    assert demo.main(["--part", "http", "-n", "3", "--ms", "0"]) == 0

    out = capsys.readouterr().out
    assert "(a real uvicorn process)" in out
    assert set(table_rows(out)) == {"blocking", "non-blocking", "offloaded"}


def test_narrated_parts_show_the_loop_callbacks_and_the_pool(capsys) -> None:
    for part in ("loop", "callbacks", "threads"):
        assert demo.main(["--part", part]) == 0

    out = capsys.readouterr().out
    assert "BlockingIOError" in out
    assert "wait    server on fd" in out  # the mini loop's trace
    assert "A0 B0 A1 B1 A2 B2" in out  # tasks take turns
    assert re.search(r"inline\s+ran on MainThread\s+heartbeat ticked\s+0×", out)


@pytest.mark.parametrize(
    "argv", [["-n", "0"], ["-n", "501"], ["--ms", "-1"], ["--ms", "2001"], ["-n", "x"]]
)
def test_demo_refuses_out_of_range_arguments(argv, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        demo.main(["--part", "http", "--url", "http://127.0.0.1:9", *argv])

    assert exit_.value.code == 2
    assert "error" in capsys.readouterr().err


def test_python_m_day03_serves_the_app(lesson_process) -> None:
    proc = lesson_process("day03_event_loop")

    assert httpx.get(f"{proc.url}/health").json() == {"status": "ok", "day": 3}
    smoke = httpx.get(f"{proc.url}/non-blocking", params={"ms": 10})
    assert smoke.status_code == 200
    assert smoke.json()["endpoint"] == "non-blocking"
    assert "Day 03 · The event loop" in proc.stop()
