"""Start a cluster on this machine: N processes of the lesson sharing one Redis and one channel.

What you would do in N terminals (``REDIS_URL=… python -m day33_websocket_scaling --port P``),
done for the demo, the benchmark and the tests::

    with cluster(2, redis_url=url, channel="demo") as nodes:
        nodes[0].url, nodes[1].url            # http://127.0.0.1:<port>
        nodes[0].kill()                       # SIGKILL: no goodbye to its clients

:func:`cluster` returns once every node answers ``/health`` **and** the channel has one
subscriber per node — before that, a broadcast could miss a node that is still subscribing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from shared.ports import free_port

PACKAGE = "day33_websocket_scaling"
ROOT = Path(__file__).resolve().parent.parent


class Node:
    """``python -m day33_websocket_scaling --port P`` as a child process."""

    def __init__(self, port: int, env: dict[str, str]) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", PACKAGE, "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def cluster(self, client: httpx.Client | None = None) -> dict:
        """This node's ``GET /cluster``."""
        get = client.get if client is not None else httpx.get
        return get(f"{self.url}/cluster", timeout=3).raise_for_status().json()

    def kill(self) -> None:
        """SIGKILL: what a crash or an OOM kill looks like to the clients (a dropped TCP)."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()

    def pause(self) -> None:
        """SIGSTOP: the process still holds its sockets but answers nothing (a hung server)."""
        self.proc.send_signal(signal.SIGSTOP)

    def interrupt(self) -> None:
        """Ctrl-C (SIGINT), as in a terminal; :meth:`stop` waits for the exit."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)  # a paused process cannot handle SIGINT
            self.proc.send_signal(signal.SIGINT)

    def stop(self) -> str:
        """Ctrl-C, and wait for the process to exit; return what it printed."""
        self.interrupt()
        if self.proc.poll() is None:
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        assert self.proc.stdout is not None
        with self.proc.stdout:
            return self.proc.stdout.read()


def wait_ready(nodes: list[Node], deadline_s: float = 20.0) -> None:
    """Every node answers /health, and the channel has ``len(nodes)`` subscribers."""
    started = time.monotonic()
    with httpx.Client(timeout=1.0) as client:
        for node in nodes:
            while True:
                if node.proc.poll() is not None:
                    out = node.proc.stdout.read() if node.proc.stdout else ""
                    raise RuntimeError(f"node on {node.port} exited: {out[-800:]}")
                with contextlib.suppress(httpx.TransportError, httpx.HTTPStatusError):
                    if node.cluster(client)["redis"]["subscribers"] >= len(nodes):
                        break
                if time.monotonic() - started > deadline_s:
                    raise TimeoutError(f"node on {node.port} not ready in {deadline_s} s")
                time.sleep(0.02)


@contextlib.contextmanager
def cluster(
    count: int, *, redis_url: str, channel: str, env: dict[str, str] | None = None
) -> Iterator[list[Node]]:
    """``count`` nodes on free ports, one Redis, one channel; all stopped on exit."""
    settings = {"REDIS_URL": redis_url, "CLUSTER_CHANNEL": channel, "LOG_LEVEL": "warning"}
    nodes: list[Node] = []
    try:
        for i in range(count):
            # Started together, then awaited together: start-ups overlap.
            nodes.append(Node(free_port(), {**settings, "NODE_ID": f"node-{i + 1}", **(env or {})}))
        wait_ready(nodes)
        yield nodes
    finally:
        for node in nodes:
            node.interrupt()  # all at once: their shutdowns overlap
        for node in nodes:
            node.stop()
