"""What a learner runs: `python -m day04_http_server` (uvicorn) and `... demo` (our server)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx

from course.testing import ROOT, free_port, wait_for_http


def test_python_m_serves_the_asgi_app_with_uvicorn(lesson_process) -> None:
    lesson = lesson_process("day04_http_server")
    health = httpx.get(f"{lesson.url}/health")
    assert health.json() == {"status": "ok", "day": 4}
    assert health.headers["server"] == "uvicorn"
    assert httpx.get(f"{lesson.url}/hello?name=Ada").json() == {"message": "Hello, Ada!"}


def test_demo_serves_the_same_handler_with_our_server_and_stops_on_ctrl_c() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "day04_http_server", "demo", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health", deadline_s=10, proc=proc)
        health = httpx.get(f"http://127.0.0.1:{port}/health")
        assert health.json() == {"status": "ok", "day": 4}
        assert health.headers["server"] == "day04"  # our server, not uvicorn
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert f"listening on http://localhost:{port}/" in output
    assert "Traceback" not in output
