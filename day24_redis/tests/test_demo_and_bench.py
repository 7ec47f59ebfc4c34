"""The narrated demo tells the true story, and the benchmark runs (its timings are not tested)."""

from __future__ import annotations

import redis

from day24_redis import bench
from day24_redis.demo import tour


async def test_the_demo_shows_every_idea(redis_client, keys) -> None:
    lines: list[str] = []
    await tour(redis_client, keys, lines.append)
    text = "\n".join(lines)
    for expected in (
        "SET lock worker-2 EX 30 NX -> False",
        "100 concurrent INCR views -> 100 (none lost)",
        "took, in order: ['resize photo', 'send email', 'bill customer']",
        "SINTER python rust -> ['grace', 'linus']",
        "[(1, 'linus', 130.0), (2, 'ada', 120.0), (3, 'grace', 95.0)]",
        "XCLAIM as c2, min idle 100 ms -> ['kettle', 'teapot']; XACK -> 2",
        "PUBLISH before anyone listens -> 0 receivers",
        "the subscriber task heard ['hello', 'world']",
        "[True, 'ResponseError', True]",
        "without WATCH -> alice 70, bob 30",
        "with WATCH    -> alice 40, bob 60 (attempts [1, 2])",
        "10 concurrent CAS v1 -> v2: 1 winner",
        "['ok', 'ok', 'ok', 'refused', 'refused']",
        "50 concurrent reads -> 1 miss, 49 waited; catalogue reads: 1",
        "then GET -> miss: Espresso machine (v2), 19900",
    ):
        assert expected in text, f"{expected!r} not in the demo's output:\n{text}"


async def test_the_delay_proxy_relays_the_protocol_intact(redis_client, keys) -> None:
    async with bench.across_a_network(redis_client, rtt_ms=1) as far:
        await far.set(keys.key("far"), "over the wire")
        assert await redis_client.get(keys.key("far")) == "over the wire"
        assert await bench.round_trip_ms(far, samples=3) > await bench.round_trip_ms(
            redis_client, 3
        )


def test_bench_runs_and_prints_both_tables(redis_url, use_redis, capsys) -> None:  # type: ignore[no-untyped-def]
    use_redis(redis_url)
    argv = ["--sets", "20", "--repeat", "1", "--rtt-ms", "1", "--hits", "5", "--misses", "2"]
    assert bench.main(argv) == 0
    out = capsys.readouterr().out
    assert "20 SETs one by one" in out and "20 SETs pipelined" in out
    assert out.count("pipeline speed-up") == 2 and "through a simulated network" in out
    assert "cache hit (Redis GET)" in out and "cache miss (catalogue)" in out
    with redis.Redis.from_url(redis_url) as r:  # and it left no keys behind
        assert list(r.scan_iter(match="day24:bench:*")) == []
