"""``python -m day24_redis demo``: a narrated tour of Redis — every idea of the day, in order.

It runs the lesson's own functions against the lesson's Redis (a private ``redis-server``
unless ``REDIS_URL`` is set; then under a scratch key prefix, deleted at the end) and prints
the commands and what came back.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

from day24_redis import hashes, leaderboard, pipelines, queue, sets, streams, strings
from day24_redis.cache import ProductCache
from day24_redis.catalogue import SlowCatalogue
from day24_redis.keyspace import Keyspace
from day24_redis.persistence import persistence
from day24_redis.pubsub import Subscriber
from day24_redis.scripts import Scripts
from day24_redis.transactions import collide, transfer, transfer_without_watch
from shared.redis import open_redis

Say = Callable[[str], None]


async def until(check: Callable[[], Awaitable[bool]], deadline_s: float = 2.0) -> bool:
    """Poll ``check`` until it holds or the deadline passes: no blind sleeps."""
    end = time.monotonic() + deadline_s
    while True:
        if await check():
            return True
        if time.monotonic() >= end:
            return False
        await asyncio.sleep(0.005)


async def tour(r: Redis, keys: Keyspace, say: Say) -> None:
    k = keys.key

    say("1. Strings — SET EX NX, INCR, GETEX")
    first = await strings.put(r, k("string", "lock"), "worker-1", ttl_s=30, only_if_new=True)
    second = await strings.put(r, k("string", "lock"), "worker-2", ttl_s=30, only_if_new=True)
    say(f"   SET lock worker-1 EX 30 NX -> {first};  SET lock worker-2 EX 30 NX -> {second}")
    await asyncio.gather(*(strings.incr(r, k("string", "views")) for _ in range(100)))
    say(f"   100 concurrent INCR views -> {await r.get(k('string', 'views'))} (none lost)")
    value, ttl = await strings.read(r, k("string", "lock"), extend_ttl_s=300)
    say(f"   GETEX lock EX 300 -> {value!r}, TTL now {ttl} s")

    say("2. Hashes, lists, sets")
    await hashes.save(r, k("profile", "ada"), hashes.ProfileIn(name="Ada", city="London"))
    await r.hincrby(k("profile", "ada"), "visits", 1)
    say(f"   HSET + HINCRBY visits 1 -> HGETALL {await hashes.load(r, k('profile', 'ada'))}")
    worker = asyncio.gather(*(queue.take(r, k("queue", "jobs"), 1000) for _ in range(3)))

    async def blocked() -> bool:  # the worker's BRPOPs wait inside Redis, as blocked clients
        return (await r.info("clients"))["blocked_clients"] >= 3

    await until(blocked)
    for job in ("resize photo", "send email", "bill customer"):
        await queue.push(r, k("queue", "jobs"), job)
    say(f"   LPUSH x3, a blocked BRPOP worker took, in order: {await worker}")
    await sets.add(r, k("set", "python"), ["ada", "grace", "linus"])
    await sets.add(r, k("set", "rust"), ["grace", "linus", "ken"])
    say(f"   SINTER python rust -> {await sets.common(r, [k('set', 'python'), k('set', 'rust')])}")

    say("3. Sorted sets — a leaderboard")
    board = k("leaderboard", "weekly")
    for player, score in (("ada", 120), ("grace", 95), ("linus", 80)):
        await leaderboard.set_score(r, board, player, score)
    await leaderboard.add_points(r, board, "linus", 50)
    rows = [(s.rank, s.player, s.score) for s in await leaderboard.top(r, board, 3)]
    say(f"   ZADD x3, ZINCRBY linus 50, ZREVRANGE 0 2 WITHSCORES -> {rows}")
    grace = await leaderboard.standing(r, board, "grace")
    say(f"   ZREVRANK grace -> rank {grace.rank if grace else '?'}")

    say("4. Streams — a consumer group, a crash, a takeover")
    stream = k("stream", "orders")
    await streams.ensure_group(r, stream)
    for item in ("kettle", "teapot", "mugs"):
        await streams.add(r, stream, {"item": item, "qty": "1"})
    got = await streams.read(r, stream, "c1", count=2)
    say(f"   XREADGROUP as c1 -> {[e.fields['item'] for e in got]} … and c1 crashes, no XACK")
    pending = await streams.pending(r, stream)
    say(f"   XPENDING -> {pending.count} pending, held by {[e.consumer for e in pending.entries]}")
    none_yet = await streams.claim(r, stream, "c2", min_idle_ms=60_000)
    say(f"   XCLAIM as c2, min idle 60 s -> {len(none_yet)} (c1 might still be working)")
    await asyncio.sleep(0.1)
    taken = await streams.claim(r, stream, "c2", min_idle_ms=100)
    acked = await streams.ack(r, stream, [e.id for e in taken])
    say(f"   XCLAIM as c2, min idle 100 ms -> {[e.fields['item'] for e in taken]}; XACK -> {acked}")
    say(f"   XPENDING -> {(await streams.pending(r, stream)).count} pending")

    say("5. Pub/sub — at-most-once")
    channel = k("channel", "news")
    say(f"   PUBLISH before anyone listens -> {await r.publish(channel, 'lost')} receivers")
    subscriber = await Subscriber.start(r, channel)
    try:
        for text in ("hello", "world"):
            await r.publish(channel, text)

        async def heard_both() -> bool:
            return len(subscriber.heard) == 2

        await until(heard_both)
        heard = [h.message for h in subscriber.heard]
        say(f"   SUBSCRIBE, then PUBLISH x2 -> the subscriber task heard {heard}")
    finally:
        await subscriber.stop()

    say("6. Pipelines, MULTI/EXEC, WATCH")
    items = {k("bulk", i): str(i) for i in range(1000)}
    started = time.perf_counter()
    await pipelines.set_one_by_one(r, items)
    one_by_one = time.perf_counter() - started
    started = time.perf_counter()
    await pipelines.set_pipelined(r, items)
    pipelined = time.perf_counter() - started
    say(
        f"   1,000 SETs: one by one {one_by_one * 1e3:.1f} ms, pipelined {pipelined * 1e3:.1f} ms "
        f"({one_by_one / pipelined:.0f}x)"
    )
    replies = await pipelines.partial_failure(r, k("p", "a"), k("p", "text"), k("p", "b"))
    shown = [type(x).__name__ if isinstance(x, Exception) else x for x in replies]
    say(f"   pipeline SET, INCR text, SET -> {shown}: no rollback, both SETs applied")
    for naive in (True, False):
        await r.set(k("account", "alice"), 100)
        await r.set(k("account", "bob"), 0)
        move = transfer_without_watch if naive else transfer
        # Both read the balances before either writes: the worst interleaving, made certain.
        results = await asyncio.gather(
            *(move(r, keys, "alice", "bob", 30, pause=pause) for pause in collide(2))
        )
        alice, bob = await r.get(k("account", "alice")), await r.get(k("account", "bob"))
        if naive:
            say(f"   two transfers of 30 without WATCH -> alice {alice}, bob {bob}: one vanished")
        else:
            tries = sorted(t.attempts for t in results)  # type: ignore[union-attr]
            say(
                f"   two transfers of 30 with WATCH    -> alice {alice}, bob {bob} (attempts {tries})"
            )

    say("7. Lua — atomic compare-and-set and a counter")
    lua = Scripts(r)
    await r.set(k("string", "config"), "v1")
    swaps = await asyncio.gather(
        *(lua.compare_and_set(k("string", "config"), "v1", f"v2-by-{i}") for i in range(10))
    )
    winners = [value for swapped, value in swaps if swapped]
    say(f"   10 concurrent CAS v1 -> v2: {len(winners)} winner ({winners[0]})")
    hits = [(await lua.count_hit(k("counter", "api"), 3, 10_000))[0] for _ in range(5)]
    say(f"   5 hits at a limit of 3 per 10 s -> {['ok' if h else 'refused' for h in hits]}")

    say("8. Cache-aside with stampede protection")
    catalogue = SlowCatalogue()
    cache = ProductCache(r, keys, catalogue, lua)
    for _ in range(2):
        started = time.perf_counter()
        _, outcome = await cache.get(1)
        say(f"   GET product 1 -> {outcome:<6} in {(time.perf_counter() - started) * 1e3:5.1f} ms")
    await r.delete(cache.key(1))  # the hot key expires…
    before = catalogue.reads
    outcomes = [o for _, o in await asyncio.gather(*(cache.get(1) for _ in range(50)))]
    say(
        f"   … 50 concurrent reads -> {outcomes.count('miss')} miss, "
        f"{outcomes.count('waited')} waited; catalogue reads: {catalogue.reads - before}"
    )
    await cache.update(1, "Espresso machine (v2)", 19_900)
    product, outcome = await cache.get(1)
    say(f"   PUT (invalidates), then GET -> {outcome}: {product.name}, {product.price_cents}")

    say("9. Persistence")
    found = await persistence(r)
    c = found.config
    say(
        f"   this server: {found.mode} (save={c.get('save')!r}, appendonly={c.get('appendonly')}, "
        f"maxmemory-policy={c.get('maxmemory-policy')}): a restart starts empty"
    )


async def run(say: Say = print) -> None:
    async with open_redis() as r:
        keys = Keyspace(f"day24:demo:{uuid.uuid4().hex[:8]}:")
        try:
            await tour(r, keys, say)
        finally:
            # On your own Redis, leave nothing behind.
            doomed = [key async for key in r.scan_iter(match=f"{keys.prefix}*", count=1000)]
            if doomed:
                await r.delete(*doomed)


def main(argv: list[str]) -> int:
    print("Day 24 · Redis in depth — a tour\n")
    asyncio.run(run(lambda line: print(line, flush=True)))
    return 0
