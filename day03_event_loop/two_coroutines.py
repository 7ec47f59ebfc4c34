"""Two coroutines, one thread: programs for the mini loop that take turns at every ``yield``.

* an echo server and its client over a ``socketpair`` — each waits on its socket in turn;
* a reader parked on a socket while a ticker's timers fire, until the ticker writes to it.
"""

from __future__ import annotations

import socket
from collections.abc import Callable

from day03_event_loop.mini_loop import Coro, MiniLoop, recv, send, sleep

Say = Callable[[str], None]


def socket_pair() -> tuple[socket.socket, socket.socket]:
    """Two connected sockets, non-blocking: ``recv`` raises instead of freezing the thread."""
    left, right = socket.socketpair()
    left.setblocking(False)
    right.setblocking(False)
    return left, right


def _recorder(events: list[str], loop: MiniLoop) -> Say:
    """What the programs say goes to ``events`` and, in order, into the loop's own log."""

    def say(line: str) -> None:
        events.append(line)
        loop.note(f"app     {line}")

    return say


def echo_server(sock: socket.socket, rounds: int, say: Say) -> Coro:
    for _ in range(rounds):
        data = yield from recv(sock, 1024)
        say(f"server got {data.decode()}")
        yield from send(sock, data.upper())
    return rounds


def echo_client(sock: socket.socket, messages: list[str], say: Say) -> Coro:
    replies = []
    for message in messages:
        yield from send(sock, message.encode())
        say(f"client sent {message}")
        reply = (yield from recv(sock, 1024)).decode()
        say(f"client got {reply}")
        replies.append(reply)
    return replies


def reader(sock: socket.socket, say: Say) -> Coro:
    say("reader waits for data")
    data = yield from recv(sock, 1024)
    say(f"reader got {data.decode()}")
    return data


def ticker_then_write(sock: socket.socket, ticks: int, interval_s: float, say: Say) -> Coro:
    for i in range(ticks):
        yield from sleep(interval_s)
        say(f"tick {i}")
    yield from send(sock, b"wake up")
    say("ticker wrote")


def run_echo(
    messages: list[str], trace: Callable[[str], None] | None = None
) -> tuple[list[str], MiniLoop]:
    """Server and client, spawned on one loop; returns what happened, in order, and the loop."""
    events: list[str] = []
    loop = MiniLoop(trace)
    say = _recorder(events, loop)
    server_side, client_side = socket_pair()
    with server_side, client_side:
        loop.spawn("server", echo_server(server_side, len(messages), say))
        loop.spawn("client", echo_client(client_side, messages, say))
        loop.run()
    return events, loop


def run_sleep_and_read(
    ticks: int = 3, interval_s: float = 0.01, trace: Callable[[str], None] | None = None
) -> tuple[list[str], MiniLoop]:
    """A reader waiting on an fd and a ticker on the timer heap share the loop."""
    events: list[str] = []
    loop = MiniLoop(trace)
    say = _recorder(events, loop)
    read_side, write_side = socket_pair()
    with read_side, write_side:
        loop.spawn("reader", reader(read_side, say))
        loop.spawn("ticker", ticker_then_write(write_side, ticks, interval_s, say))
        loop.run()
    return events, loop
