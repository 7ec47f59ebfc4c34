"""Databases that fail on cue: a real nx-27017 process, and a proxy that loses one reply.

* :class:`MongoProcess` — nx-27017 (the MongoDB wire protocol over SQLite) as a real server
  process on a port chosen up front, so it can be stopped and started again *on the same port*,
  keeping its data in a folder like a real ``mongod``. ``freeze()`` sends SIGSTOP: the port stays
  open and connections are accepted by the kernel, but nothing answers — the slow, hanging kind
  of outage, the one timeouts are for.
* :class:`LossyProxy` — a TCP proxy in front of a server that forwards everything, except that
  it can lose the reply to the next command of a given name: the write was applied, the client
  waits in vain and times out. That is the case that makes blind retries dangerous.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from course.net import free_port

START = "from nx_27017.nx_27017 import main; main()"


class MongoProcess:
    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true"

    def start(self, deadline_s: float = 10.0) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", START, "--port", str(self.port)]
            + ["--data-dir", str(self.folder / "data"), "--pid-file", str(self.folder / "pid")]
            + ["--log-file", str(self.folder / "log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.starts += 1
        started = time.monotonic()
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nx-27017 exited with {self.proc.returncode} on start")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 0.2),
            ):
                return
            if time.monotonic() - started > deadline_s:
                raise TimeoutError(f"nx-27017 did not listen on {self.port} in {deadline_s} s")
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop the server (SIGTERM), closing the port and every connection."""
        if self.proc is not None and self.proc.poll() is None:
            self.thaw()
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def freeze(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGCONT)


class LossyProxy:
    """Forward TCP to ``127.0.0.1:upstream``; ``lose_next_reply("insert")`` loses one reply.

    The connection that carried the command stays open but silent from then on, as in a
    network partition; the client gives up at its timeout and drops the connection.
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.port = 0
        self._armed: list[bytes] = []
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.lost = 0

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def reply_lost(self) -> bool:
        """For ``poll``: has a reply been lost yet? (A slow server may answer after the client
        has given up, so the count can lag the client's timeout.)"""
        return self.lost > 0

    def lose_next_reply(self, *commands: str) -> None:
        """Lose the reply to the next of these commands ("insert", "update", "delete", …)."""
        # An OP_MSG body starts with the command: a BSON string element named after it.
        self._armed = [b"\x02" + command.encode() + b"\x00" for command in commands]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        doomed = asyncio.Event()
        answered = asyncio.Event()  # the doomed command's reply arrived (and was dropped)

        async def to_server() -> None:
            while data := await reader.read(65536):
                if any(command in data for command in self._armed):
                    self._armed = []
                    doomed.set()
                up_writer.write(data)
                await up_writer.drain()

        async def to_client() -> None:
            while data := await up_reader.read(65536):
                if doomed.is_set():
                    if not answered.is_set():
                        self.lost += 1  # the server did the work; its answer goes nowhere
                        answered.set()
                    continue
                writer.write(data)
                await writer.drain()

        try:
            done, pending = await asyncio.wait(
                [asyncio.create_task(to_server()), asyncio.create_task(to_client())],
                return_when=asyncio.FIRST_COMPLETED,
            )
            if doomed.is_set() and not answered.is_set():
                # The client gave up before a slow server answered (a loaded machine): the
                # server still does the work, so wait for its reply and count it as lost.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(answered.wait(), 5)
            for t in pending:
                t.cancel()
        finally:
            for w in (writer, up_writer):
                w.close()
            self._tasks.discard(task)
