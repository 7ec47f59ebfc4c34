"""``python -m course bench 34``: a data channel's round trip and throughput, next to plain TCP.

Both sides are aiortc peers in this process, on this machine (``loopback.connected_pair``):

* **round trip** — ``--pings`` small messages, each sent after the previous echo came back;
  p50 and p99 of the time from ``send`` to the echo;
* **throughput** — ``--megabytes`` MB in ``--chunk``-byte messages, as fast as back-pressure
  allows: the sender stops when ``bufferedAmount`` passes ``HIGH_WATER`` and resumes on the
  ``bufferedamountlow`` event. Without that, ``send`` never blocks and the whole payload
  would sit in the sender's memory — the data-channel version of Day 33's slow consumer.

The peer: the same work over an asyncio TCP connection on 127.0.0.1 (``drain()`` is its
back-pressure). The ratio is the price of SCTP inside DTLS inside UDP, in pure Python.

    python -m course bench 34 [--pings 500] [--megabytes 20] [--chunk 16384]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable

from day34_webrtc.loopback import connected_pair

HIGH_WATER = 1024 * 1024  # stop sending above 1 MiB queued…
LOW_WATER = 256 * 1024  # …and resume when it drains below 256 KiB
PING = b"p" * 32


async def channel_round_trips(pings: int) -> list[float]:
    async with connected_pair(video=False) as pair:
        pair.remote_channel.on("message", pair.remote_channel.send)  # the far side echoes
        echoes: asyncio.Queue[bytes] = asyncio.Queue()
        pair.channel.on("message", echoes.put_nowait)
        return await _round_trips(pings, pair.channel.send, echoes.get)


async def channel_throughput(total: int, chunk: int) -> float:
    async with connected_pair(video=False) as pair:
        channel, loop = pair.channel, asyncio.get_running_loop()
        received, done = 0, loop.create_future()

        def on_message(message: bytes) -> None:
            nonlocal received
            received += len(message)
            if received >= total and not done.done():
                done.set_result(None)

        pair.remote_channel.on("message", on_message)
        channel.bufferedAmountLowThreshold = LOW_WATER
        drained = asyncio.Event()
        channel.on("bufferedamountlow", drained.set)
        payload = b"x" * chunk
        started = time.perf_counter()
        for _ in range(0, total, chunk):
            if channel.bufferedAmount > HIGH_WATER:
                drained.clear()
                await drained.wait()  # back-pressure: wait for the queue to drain
            channel.send(payload)
        await done
        return total / (time.perf_counter() - started)


async def tcp_round_trips(pings: int) -> list[float]:
    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            writer.write(data)
        writer.close()

    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    reader, writer = await asyncio.open_connection(*server.sockets[0].getsockname()[:2])
    try:
        return await _round_trips(pings, writer.write, lambda: reader.readexactly(len(PING)))
    finally:
        writer.close()
        server.close()
        await server.wait_closed()


async def tcp_throughput(total: int, chunk: int) -> float:
    done = asyncio.get_running_loop().create_future()

    async def sink(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received = 0
        while received < total and (data := await reader.read(1 << 20)):
            received += len(data)
        done.set_result(None)
        writer.close()

    server = await asyncio.start_server(sink, "127.0.0.1", 0)
    _, writer = await asyncio.open_connection(*server.sockets[0].getsockname()[:2])
    payload = b"x" * chunk
    started = time.perf_counter()
    for _ in range(0, total, chunk):
        writer.write(payload)
        await writer.drain()  # TCP's back-pressure: wait while the kernel buffer is full
    await done
    elapsed = time.perf_counter() - started
    writer.close()
    server.close()
    await server.wait_closed()
    return total / elapsed


async def _round_trips(
    pings: int, send: Callable[[bytes], object], receive: Callable[[], Awaitable[bytes]]
) -> list[float]:
    times = []
    for i in range(pings + 20):  # the first 20 warm up (handshakes, allocations)
        started = time.perf_counter()
        send(PING)
        await receive()
        if i >= 20:
            times.append(time.perf_counter() - started)
    return times


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


async def measure(
    pings: int, megabytes: float, chunk: int
) -> list[tuple[str, float, float, float]]:
    total = int(megabytes * 1_000_000)
    rows = []
    for name, rtt, rate in (
        ("data channel (aiortc)", channel_round_trips, channel_throughput),
        ("TCP socket (asyncio)", tcp_round_trips, tcp_throughput),
    ):
        times = await rtt(pings)
        rows.append(
            (name, percentile(times, 50), percentile(times, 99), await rate(total, chunk) / 1e6)
        )
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m course bench 34")
    parser.add_argument("--pings", type=int, default=500, help="round trips to time")
    parser.add_argument("--megabytes", type=float, default=20.0, help="MB to send for throughput")
    parser.add_argument("--chunk", type=int, default=16 * 1024, help="bytes per message")
    args = parser.parse_args(argv)
    if args.pings < 2 or args.megabytes <= 0 or not 0 < args.chunk <= 65536:
        parser.error("need --pings >= 2, --megabytes > 0 and 0 < --chunk <= 65536")

    rows = asyncio.run(measure(args.pings, args.megabytes, args.chunk))
    print(
        f"{args.pings} round trips of {len(PING)} bytes; "
        f"{args.megabytes:g} MB in {args.chunk} B messages"
    )
    print(f"{'transport':<24}{'p50 RTT':>10}{'p99 RTT':>10}{'throughput':>13}")
    for name, p50, p99, rate in rows:
        print(f"{name:<24}{p50 * 1e3:>7.3f} ms{p99 * 1e3:>7.3f} ms{rate:>8.1f} MB/s")
    (_, c50, c99, crate), (_, t50, t99, trate) = rows
    # How many times worse the data channel is, each column the same way round.
    print(
        f"{'data channel: × worse':<24}{c50 / t50:>9.1f}×{c99 / t99:>9.1f}×{trate / crate:>12.1f}×"
    )
    return 0
