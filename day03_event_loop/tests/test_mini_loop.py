"""The mini loop: two coroutines take turns on one thread; timers and fds wake the right one."""

from __future__ import annotations

import inspect
import socket

import pytest

from day03_event_loop import mini_loop
from day03_event_loop.mini_loop import MiniLoop, sleep
from day03_event_loop.two_coroutines import run_echo, run_sleep_and_read, socket_pair


def test_echo_client_and_server_interleave_on_one_loop() -> None:
    events, loop = run_echo(["ping", "hello"])

    # Neither runs to the end first: each hands the thread over at every wait.
    assert events == [
        "client sent ping",
        "server got ping",
        "client got PING",
        "client sent hello",
        "server got hello",
        "client got HELLO",
    ]
    assert loop.results == {"server": 2, "client": ["PING", "HELLO"]}


def test_a_coroutine_that_would_block_waits_on_its_fd_in_the_selector() -> None:
    _, loop = run_echo(["ping"])

    # The server ran first, found nothing to read, and was parked on its socket; the selector
    # woke it once the client had written.
    first_wait = next(line for line in loop.log if line.startswith("wait"))
    assert first_wait.startswith("wait    server on fd")
    assert "(read) → selector" in first_wait
    assert any(line.startswith("ready   fd") and line.endswith("→ server") for line in loop.log)


def test_a_reader_parked_on_an_fd_does_not_stop_timers() -> None:
    events, loop = run_sleep_and_read(ticks=3, interval_s=0.001)

    assert events == [
        "reader waits for data",
        "tick 0",
        "tick 1",
        "tick 2",
        "ticker wrote",
        "reader got wake up",
    ]
    # While the ticker's timers fired, the reader sat in the selector, not in the ready queue.
    assert "turn    ready=['ticker'] timers=[] fds=['reader']" in loop.log
    assert loop.results["reader"] == b"wake up"


def test_timers_fire_in_deadline_order_not_spawn_order() -> None:
    order: list[str] = []

    def sleeper(name: str, seconds: float) -> mini_loop.Coro:
        yield from sleep(seconds)
        order.append(name)

    loop = MiniLoop()
    loop.spawn("slow", sleeper("slow", 0.02))
    loop.spawn("fast", sleeper("fast", 0.005))
    loop.run()

    assert order == ["fast", "slow"]
    assert [line for line in loop.log if line.startswith("timer")] == [
        "timer   fast is due → ready queue",
        "timer   slow is due → ready queue",
    ]


def test_a_non_blocking_socket_raises_instead_of_waiting() -> None:
    left, right = socket_pair()
    with left, right:
        with pytest.raises(BlockingIOError):
            left.recv(1024)
        right.send(b"x")
        assert left.recv(1024) == b"x"


def test_recv_retries_after_the_selector_says_readable() -> None:
    left, right = socket.socketpair()
    left.setblocking(False)
    with left, right:
        reading = mini_loop.recv(left, 16)
        assert next(reading) == ("read", left)  # would block: asks the loop to wait
        right.send(b"now")
        with pytest.raises(StopIteration) as done:
            next(reading)
        assert done.value.value == b"now"


def test_the_mini_loop_stays_under_100_lines() -> None:
    lines = inspect.getsource(mini_loop).splitlines()
    assert len([line for line in lines if line.strip()]) < 100
