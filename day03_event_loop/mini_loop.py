"""A tiny event loop: a ready queue, a timer heap and a selector — asyncio's core in < 100 lines.

Coroutines are generators that ``yield`` what they wait for (a deadline, a socket); the loop
resumes them when it happens. A turn of ``run`` follows libuv: timers → run the ready → poll.
"""

from __future__ import annotations

import heapq
import itertools
import selectors
import socket
import time
from collections import deque
from collections.abc import Callable, Generator
from typing import Any

Coro = Generator[tuple[str, Any], Any, Any]


def sleep(seconds: float) -> Coro:
    """Park on the timer heap (≈ setTimeout); the loop runs others meanwhile."""
    yield ("sleep", seconds)


def recv(sock: socket.socket, size: int) -> Coro:
    """Try the read now; if the kernel has nothing yet, wait until the fd is readable, retry."""
    while True:
        try:
            return sock.recv(size)
        except BlockingIOError:  # a non-blocking socket says "would block" instead of waiting
            yield ("read", sock)


def send(sock: socket.socket, data: bytes) -> Coro:
    """Write all of ``data``, waiting for writability whenever the kernel's buffer is full."""
    while data:
        try:
            data = data[sock.send(data) :]
        except BlockingIOError:
            yield ("write", sock)


class MiniLoop:
    def __init__(self, trace: Callable[[str], None] | None = None) -> None:
        self.ready: deque[tuple[str, Coro, Any]] = deque()  # (name, coroutine, value to send in)
        self.timers: list[tuple[float, int, str, Coro]] = []  # a heap ordered by deadline
        self.selector = selectors.DefaultSelector()  # epoll / kqueue: "which fds are ready?"
        self.order = itertools.count()  # heap tie-breaker, so two generators are never compared
        self.log: list[str] = []
        self.results: dict[str, Any] = {}
        self.trace = trace or (lambda line: None)

    def spawn(self, name: str, coro: Coro) -> None:
        self.ready.append((name, coro, None))

    def note(self, line: str) -> None:
        self.log.append(line)
        self.trace(line)

    def run(self) -> dict[str, Any]:
        while self.ready or self.timers or self.selector.get_map():
            while self.timers and self.timers[0][0] <= time.monotonic():  # phase 1: due timers
                _, _, name, coro = heapq.heappop(self.timers)
                self.note(f"timer   {name} is due → ready queue")
                self.ready.append((name, coro, None))
            queued, timers = [r[0] for r in self.ready], [t[2] for t in self.timers]
            fds = [key.data[0] for key in self.selector.get_map().values()]
            self.note(f"turn    ready={queued} timers={timers} fds={fds}")
            for _ in range(len(self.ready)):  # phase 2: only what was ready when the turn began
                self._step(*self.ready.popleft())
            self._poll()  # phase 3: sleep in the kernel until an fd is ready or a timer is due
        self.selector.close()
        return self.results

    def _step(self, name: str, coro: Coro, value: Any) -> None:
        try:
            what, arg = coro.send(value)  # run the coroutine until its next yield
        except StopIteration as done:
            self.results[name] = done.value
            return self.note(f"done    {name}")
        if what == "sleep":
            heapq.heappush(self.timers, (time.monotonic() + arg, next(self.order), name, coro))
            return self.note(f"sleep   {name} for {arg}s → timer heap")
        event = selectors.EVENT_READ if what == "read" else selectors.EVENT_WRITE
        self.selector.register(arg, event, (name, coro))
        self.note(f"wait    {name} on fd {arg.fileno()} ({what}) → selector")

    def _poll(self) -> None:
        due = max(0.0, self.timers[0][0] - time.monotonic()) if self.timers else None
        timeout = 0.0 if self.ready else due  # work queued: only peek; else sleep until needed
        if not self.selector.get_map():  # only timers left (and Windows' select() needs an fd)
            return time.sleep(timeout or 0)
        for key, _ in self.selector.select(timeout):
            self.selector.unregister(key.fileobj)
            self.note(f"ready   fd {key.fd} → {key.data[0]}")
            self.ready.append((*key.data, None))
