"""Requests/s of our asyncio server vs the same handler under uvicorn, measured side by side.

    python -m course bench 4
    python -m day04_http_server.bench [--seconds 1.5] [--rounds 3] [--connections 50]

Each server runs alone in its own process, pinned to one core; the load generator (a small
keep-alive client on raw asyncio sockets) runs in another process on another core. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from shared.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
PATH = "/hello?name=bench"
SERVERS = {
    "raw": "raw asyncio server (this lesson)",
    "h11": "uvicorn (loop=asyncio, http=h11)",
    "httptools": "uvicorn (loop=asyncio, http=httptools)",
}


# -- the load generator -----------------------------------------------------------------------


@dataclass
class Tally:
    """Complete responses so far; the measuring window is the difference of two snapshots."""

    running: bool = True
    ok: int = 0
    errors: int = 0
    lost: int = 0  # connections that ended before the run did


class KeepAliveClient(asyncio.Protocol):
    """Send one request, wait for its whole response, send the next, on one connection."""

    def __init__(self, request: bytes, tally: Tally) -> None:
        self.request, self.tally = request, tally
        self.buf = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        buf = self.buf + data if self.buf else data
        while (end := buf.find(b"\r\n\r\n")) >= 0:
            head = buf[:end].lower()
            start = head.index(b"\r\ncontent-length:") + 17
            stop = head.find(b"\r", start)
            length = int(head[start : stop if stop >= 0 else None])  # int() ignores the spaces
            if len(buf) < end + 4 + length:
                break  # the rest of the body is still on its way
            if buf.startswith(b"HTTP/1.1 200 "):
                self.tally.ok += 1
            else:
                self.tally.errors += 1
            buf = buf[end + 4 + length :]
            if not self.tally.running:
                self.transport.close()
                return
            self.transport.write(self.request)
        self.buf = buf

    def connection_lost(self, exc: Exception | None) -> None:
        if self.tally.running:
            self.tally.lost += 1


async def generate_load(
    port: int, seconds: float, connections: int, warmup: float, path: str = PATH
) -> dict[str, float]:
    """Keep ``connections`` keep-alive connections busy for ``warmup + seconds``; count responses."""
    loop = asyncio.get_running_loop()
    tally = Tally()
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    transports = []
    for _ in range(connections):
        transport, _ = await loop.create_connection(
            lambda: KeepAliveClient(request, tally), "127.0.0.1", port
        )
        transports.append(transport)
    await asyncio.sleep(warmup)
    ok_before, started = tally.ok, loop.time()
    await asyncio.sleep(seconds)
    measured, elapsed = tally.ok - ok_before, loop.time() - started
    tally.running = False
    for transport in transports:
        transport.close()
    return {
        "rps": measured / elapsed,
        "ok": measured,
        "answered": tally.ok + tally.errors,  # warm-up included
        "errors": tally.errors,
        "lost": tally.lost,
    }


# -- the servers under test, each in its own process ------------------------------------------


def serve(kind: str, port: int) -> None:
    if kind == "raw":
        from day04_http_server.handler import handle
        from day04_http_server.server import HTTPServer

        async def run() -> None:
            async with HTTPServer(handle, port=port) as server:
                await server.serve_forever()

        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run())
        return
    import uvicorn

    uvicorn.run(
        "day04_http_server.app:create_app",
        factory=True,
        port=port,
        loop="asyncio",  # the same event loop our server uses: the comparison is of HTTP code
        http=kind,
        log_level="warning",
        access_log=False,  # our server writes no access log either
    )


def wait_ready(port: int, proc: subprocess.Popen, deadline_s: float = 15.0) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.05)
        finally:
            conn.close()
    raise TimeoutError(f"server on port {port} did not answer /health in {deadline_s} s")


def pin(pid: int, cpu: int | None) -> None:
    """One core each for server and load, so neither steals the other's time."""
    if cpu is not None:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(pid, {cpu})


def cores() -> tuple[int | None, int | None]:
    if not hasattr(os, "sched_getaffinity"):
        return None, None
    available = sorted(os.sched_getaffinity(0))
    return (available[0], available[1]) if len(available) >= 2 else (None, None)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used so far (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def child(*args: str) -> list[str]:
    return [sys.executable, "-m", "day04_http_server.bench", *args]


def measure(kind: str, args: argparse.Namespace) -> dict[str, float]:
    server_cpu, load_cpu = cores()
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    server = subprocess.Popen(child("serve", kind, str(port)), cwd=ROOT, env=env)
    try:
        pin(server.pid, server_cpu)
        wait_ready(port, server)
        command = child(
            "load", str(port), str(args.seconds), str(args.connections), str(args.warmup)
        )
        cpu_before = cpu_seconds(server.pid)
        load = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        pin(load.pid, load_cpu)
        out, _ = load.communicate(timeout=args.seconds + args.warmup + 30)
        cpu_after = cpu_seconds(server.pid)
        if load.returncode != 0:
            raise RuntimeError(f"load generator failed with exit code {load.returncode}")
        result = json.loads(out)
        # CPU per request does not depend on how busy the machine is, requests/s does.
        if cpu_before is not None and cpu_after is not None and result["answered"]:
            result["cpu_us"] = (cpu_after - cpu_before) / result["answered"] * 1e6
        return result
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def table(rows: list[tuple[str, dict[str, float]]]) -> str:
    ours = rows[0][1]["rps"]
    header = (
        f"{'server':<42} {'requests/s':>11} {'ours ÷ this':>12} {'CPU µs/req':>11} {'errors':>7}"
    )
    lines = [header]
    for name, result in rows:
        ratio = ours / result["rps"] if result["rps"] else float("inf")
        cpu = f"{result['cpu_us']:,.0f}" if "cpu_us" in result else "–"
        errors = int(result["errors"] + result["lost"])
        lines.append(f"{name:<42} {result['rps']:>11,.0f} {ratio:>11.2f}× {cpu:>11} {errors:>7}")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    argv = list(argv)
    if argv[:1] == ["serve"]:  # internal: one server process
        serve(argv[1], int(argv[2]))
        return 0
    if argv[:1] == ["load"]:  # internal: the load generator process
        port, seconds, connections, warmup = (
            int(argv[1]),
            float(argv[2]),
            int(argv[3]),
            float(argv[4]),
        )
        with contextlib.suppress(
            ImportError
        ):  # a faster client loop, when uvicorn[standard] has it
            import uvloop

            asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
        print(json.dumps(asyncio.run(generate_load(port, seconds, connections, warmup))))
        return 0

    parser = argparse.ArgumentParser(
        prog="python -m course bench 4", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=1.5, help="measured time per server")
    parser.add_argument("--warmup", type=float, default=0.5, help="unmeasured time first")
    parser.add_argument("--connections", type=int, default=50, help="keep-alive connections")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; best one counts")
    args = parser.parse_args(argv)
    kinds = [k for k in SERVERS if k != "httptools" or importlib.util.find_spec("httptools")]
    print(
        f"Day 04 · GET {PATH}, keep-alive, {args.connections} connections, "
        f"{args.seconds:g} s per server after {args.warmup:g} s warm-up, "
        f"best of {args.rounds} round(s), loopback",
        flush=True,
    )
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.rounds):  # interleaved, so a noisy minute hurts every server alike
        for kind in kinds:
            result = measure(kind, args)
            if kind not in best or result["rps"] > best[kind]["rps"]:
                best[kind] = result
    rows = [(SERVERS[kind], best[kind]) for kind in kinds]
    print(table(rows))
    failed = any(r["errors"] or r["lost"] or not r["ok"] for _, r in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
