"""The runner: banner, a one-line error for a busy port, and a clean Ctrl-C."""

from __future__ import annotations

import socket
import subprocess
import sys

import httpx

from course.catalog import ROOT
from course.testing import LessonProcess
from shared.runner import banner, port_problem
from tests.sample_lesson import LESSON


def test_banner_names_url_docs_and_two_things_to_try() -> None:
    text = banner(LESSON, "127.0.0.1", 8123)
    assert "http://localhost:8123/" in text
    assert "http://localhost:8123/docs" in text
    assert "curl http://localhost:8123/health" in text
    assert "http://localhost:8123/docs" in text.splitlines()[-2]


def test_busy_port_is_one_line_naming_the_flag() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert "--port" in (port_problem("127.0.0.1", port) or "")
        done = subprocess.run(
            [sys.executable, "-m", "tests.sample_lesson", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "--port" in lines[0] and "Traceback" not in done.stderr


def test_real_process_serves_then_stops_cleanly_on_ctrl_c() -> None:
    proc = LessonProcess("tests.sample_lesson")
    try:
        proc.wait_ready()
        assert httpx.post(f"{proc.url}/echo", json={"a": "b"}).json() == {"a": "b"}
        assert httpx.get(f"{proc.url}/").status_code == 200
    finally:
        out = proc.stop()
    assert proc.proc.returncode == 0, out
    assert "Traceback" not in out
    assert f"http://localhost:{proc.port}/docs" in out
