"""The lesson as a learner runs it: a real process, a light import, the demo and the benchmark."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from course.testing import ROOT
from day34_webrtc import bench, demo


def test_python_m_day34_serves_the_page_the_client_and_socketio(
    lesson_process: Callable[..., Any],
) -> None:
    proc = lesson_process("day34_webrtc")
    with httpx.Client(base_url=proc.url, timeout=10) as http:
        page = http.get("/call")
        assert page.status_code == 200 and "RTCPeerConnection" in page.text
        assert "vendor/socket.io.min.js" in page.text  # relative: works under /day34/ too
        script = http.get("/vendor/socket.io.min.js")
        assert script.status_code == 200 and script.headers["content-type"].startswith(
            "text/javascript"
        )
        polling = http.get("/socket.io/", params={"EIO": 4, "transport": "polling"})
        assert polling.status_code == 200 and '"sid"' in polling.text  # Engine.IO handshake
    output = proc.stop()
    assert "Day 34 · WebRTC" in output and "Traceback" not in output


def test_starting_the_app_does_not_load_the_webrtc_stack() -> None:
    # aiortc + PyAV take a third of a second to import: only the first call pays for them.
    code = "import sys, day34_webrtc.app; print('aiortc' in sys.modules, 'av' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert done.stdout.split() == ["False", "False"], done.stderr


async def test_the_demo_narrates_a_whole_call(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert await demo.narrate(url, frames=4) == 0
    out = capsys.readouterr().out
    for shown in (
        "m=application",  # the annotated offer…
        "SCTP inside DTLS",
        "ICE   completed",  # …the transports of a connected pair…
        "DTLS  connected",
        "SCTP  connected",
        "NO SIGNALLING IN WEBRTC",  # …the data channel…
        "pong, round trip",
        '"type": "error"',
        "320x240 yuv420p, counters 0 … 3",  # …the decoded frames
        "tasks still running: 0",
        "signalled over Socket.IO",  # and the call to the lesson's Python peer
        "HELLO FROM PYTHON",
    ):
        assert shown in out, shown


def test_the_benchmark_prints_round_trips_and_throughput_for_both_transports(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert bench.main(["--pings", "20", "--megabytes", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "p50 RTT" in out and "p99 RTT" in out and "throughput" in out
    rows = [line for line in out.splitlines() if " ms " in line and "MB/s" in line]
    assert [row.split("(")[0].strip() for row in rows] == ["data channel", "TCP socket"]
    with pytest.raises(SystemExit):
        bench.main(["--chunk", "0"])
