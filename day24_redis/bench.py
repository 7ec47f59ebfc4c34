"""``python -m course bench 24``: what a round trip costs, and what a cache hit saves.

1. **Pipeline vs one by one**: 1,000 SETs awaited one at a time (1,000 round trips) against
   the same 1,000 in one pipeline (one round trip), alternated in the same run, ``--repeat``
   times; the table shows the median and the best of each and the ratio of the medians.
   Twice: on loopback, then through :class:`DelayProxy`, a relay that holds every packet
   ``--rtt-ms``/2 each way — a network between the app and Redis, as in production.
2. **Cache hit vs miss**: ``ProductCache.get`` when the product is in Redis (a GET and a
   JSON parse) against a miss (lock, a 50 ms catalogue read, SET, unlock), as p50/p99.

It uses the lesson's Redis: a private ``redis-server`` started for the run unless
``REDIS_URL`` is set (then under a scratch key prefix, deleted at the end). On loopback a
round trip costs tens of microseconds, mostly in the client; what a pipeline cannot remove
is redis-py's own work per command (encoding it, parsing its reply), so there the ratio
is modest (8–16× on the course VM). Across a network every round trip also pays the wire,
and the ratio grows with the distance.

    python -m course bench 24 [--sets 1000] [--repeat 7] [--rtt-ms 1] [--hits 1000] [--misses 40]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

from redis.asyncio import ConnectionPool, Redis

from day24_redis.cache import ProductCache
from day24_redis.catalogue import SlowCatalogue
from day24_redis.keyspace import Keyspace
from day24_redis.pipelines import set_one_by_one, set_pipelined
from day24_redis.scripts import Scripts
from shared.backends import describe
from shared.redis import open_redis


async def timed(call: Callable[[], Awaitable[object]]) -> float:
    """Seconds one awaited call took."""
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


def percentile(samples: list[float], p: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


class DelayProxy:
    """A TCP relay on loopback that holds every chunk ``one_way_s`` in each direction.

    Chunks keep their order (one queue per direction), so Redis's protocol is untouched;
    only time is added. asyncio's timers are about 1 ms coarse, so the bench measures the
    round trip it really got (a PING through the proxy) rather than trusting ``one_way_s``.
    """

    def __init__(self, host: str, port: int, one_way_s: float) -> None:
        self.host, self.port, self.one_way_s = host, port, one_way_s
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        return self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()

    async def _relay(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        upstream_r, upstream_w = await asyncio.open_connection(self.host, self.port)
        with contextlib.suppress(ConnectionError):
            await asyncio.gather(self._pipe(client_r, upstream_w), self._pipe(upstream_r, client_w))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while data := (item := await queue.get())[1]:
                await asyncio.sleep(max(0.0, item[0] - loop.time()))
                writer.write(data)
                await writer.drain()
            writer.close()

        delivering = asyncio.create_task(deliver())
        try:
            while data := await reader.read(65536):
                queue.put_nowait((loop.time() + self.one_way_s, data))
        finally:
            queue.put_nowait((0.0, b""))
            await delivering


@contextlib.asynccontextmanager
async def across_a_network(r: Redis, rtt_ms: float) -> AsyncIterator[Redis]:
    """A second client for the same server, whose every round trip crosses a DelayProxy."""
    pool = r.connection_pool
    settings = pool.connection_kwargs
    proxy = DelayProxy(settings.get("host", "127.0.0.1"), settings.get("port", 6379), rtt_ms / 2e3)
    port = await proxy.start()
    far = Redis(
        connection_pool=ConnectionPool(
            connection_class=pool.connection_class,
            **{**settings, "host": "127.0.0.1", "port": port},
        )
    )
    try:
        yield far
    finally:
        await far.aclose()
        await proxy.stop()


async def pipeline_vs_one_by_one(r: Redis, keys: Keyspace, n: int, repeat: int) -> list[str]:
    items = {keys.key("bench", i): "x" * 16 for i in range(n)}
    await set_pipelined(r, items)  # warm-up: connections open, keys exist
    one: list[float] = []
    piped: list[float] = []
    for _ in range(repeat):  # alternated, so both see the same machine at the same moment
        one.append(await timed(lambda: set_one_by_one(r, items)))
        piped.append(await timed(lambda: set_pipelined(r, items)))
    lines = [f"{'way':<24} {'median':>10} {'best':>10} {'per SET':>10}"]
    for label, times in ((f"{n:,} SETs one by one", one), (f"{n:,} SETs pipelined", piped)):
        median = statistics.median(times)
        lines.append(
            f"{label:<24} {median * 1e3:>7.2f} ms {min(times) * 1e3:>7.2f} ms "
            f"{median / n * 1e6:>7.2f} µs"
        )
    ratio = statistics.median(one) / statistics.median(piped)
    lines.append(f"pipeline speed-up (median/median): {ratio:.1f}×  ({n:,} round trips vs 1)")
    return lines


async def cache_hit_vs_miss(r: Redis, keys: Keyspace, hits: int, misses: int) -> list[str]:
    catalogue = SlowCatalogue()
    cache = ProductCache(r, keys, catalogue, Scripts(r))
    await cache.get(1)  # fill
    hit_times = [await timed(lambda: cache.get(1)) for _ in range(hits)]
    miss_times = []
    for _ in range(misses):
        await r.delete(cache.key(1))  # as if the TTL had just run out
        miss_times.append(await timed(lambda: cache.get(1)))
    lines = [f"{'read':<28} {'samples':>7} {'p50':>10} {'p99':>10}"]
    for label, times in (
        ("cache hit (Redis GET)", hit_times),
        ("cache miss (catalogue)", miss_times),
    ):
        lines.append(
            f"{label:<28} {len(times):>7} {percentile(times, 50) * 1e3:>7.3f} ms "
            f"{percentile(times, 99) * 1e3:>7.3f} ms"
        )
    ratio = percentile(miss_times, 50) / percentile(hit_times, 50)
    lines.append(f"a hit is {ratio:.0f}× faster than a miss at p50")
    return lines


async def round_trip_ms(r: Redis, samples: int = 20) -> float:
    await r.ping()
    return statistics.median([await timed(r.ping) for _ in range(samples)]) * 1e3


async def run(args: argparse.Namespace) -> None:
    print(f"Redis: {describe('redis')}\n", flush=True)
    async with open_redis() as r:
        keys = Keyspace(f"day24:bench:{uuid.uuid4().hex[:8]}:")
        try:
            print(f"loopback (PING round trip {await round_trip_ms(r):.3f} ms)", flush=True)
            for line in await pipeline_vs_one_by_one(r, keys, args.sets, args.repeat):
                print(line, flush=True)
            print()
            if args.rtt_ms > 0:
                async with across_a_network(r, args.rtt_ms) as far:
                    rtt = await round_trip_ms(far)
                    print(
                        f"through a simulated network (asked {args.rtt_ms:g} ms, "
                        f"PING round trip measured {rtt:.3f} ms)"
                    )
                    # Two batches: each one-by-one batch now takes seconds.
                    for line in await pipeline_vs_one_by_one(far, keys, args.sets, 2):
                        print(line, flush=True)
                print()
            for line in await cache_hit_vs_miss(r, keys, args.hits, args.misses):
                print(line, flush=True)
        finally:
            doomed = [key async for key in r.scan_iter(match=f"{keys.prefix}*", count=1000)]
            if doomed:
                await r.delete(*doomed)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m course bench 24")
    parser.add_argument("--sets", type=int, default=1000, help="SETs per batch")
    parser.add_argument("--repeat", type=int, default=7, help="batches of each kind")
    parser.add_argument(
        "--rtt-ms", type=float, default=1.0, help="simulated network round trip; 0: skip"
    )
    parser.add_argument("--hits", type=int, default=1000, help="cache hits to time")
    parser.add_argument("--misses", type=int, default=40, help="cache misses to time (50 ms each)")
    args = parser.parse_args(argv)
    asyncio.run(run(args))
    return 0
