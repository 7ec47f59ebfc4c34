"""Memory stays bounded: expired keys are swept, and ``max_keys`` caps the table."""

from __future__ import annotations

from shared.ratelimit import FixedWindow, LeakyBucket, ManualClock, TokenBucket


async def spray(limiter, n: int, prefix: str = "ip") -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        await limiter.hit(f"{prefix}:{i}")


async def test_fixed_window_forgets_every_key_of_a_finished_window(clock: ManualClock) -> None:
    limiter = FixedWindow("search", limit=5, window=10, clock=clock)
    await spray(limiter, 10_000)
    assert len(limiter) == 10_000
    clock.now = 10.0  # the window those keys counted in is over
    await limiter.hit("next-window")
    assert len(limiter) == 1


async def test_buckets_are_forgotten_once_full_or_empty_again(clock: ManualClock) -> None:
    tokens = TokenBucket("t", capacity=4, refill_rate=2, clock=clock)
    leaky = LeakyBucket("l", capacity=4, leak_rate=2, clock=clock)
    for limiter in (tokens, leaky):
        await spray(limiter, 1000)
        assert len(limiter) == 1000
    # After 0.5 s each key has earned back (or drained) its one unit: as good as new.
    clock.now = 0.5
    assert tokens.evict_expired() == 1000 and leaky.evict_expired() == 1000
    assert len(tokens) == len(leaky) == 0


async def test_a_key_still_in_use_is_not_swept(clock: ManualClock) -> None:
    bucket = TokenBucket("t", capacity=4, refill_rate=1, clock=clock)
    for _ in range(4):
        await bucket.hit("busy")  # empty: 4 s to refill
    await bucket.hit("idle")  # 1 s to refill
    clock.now = 3.0
    assert bucket.evict_expired() == 1
    assert len(bucket) == 1
    assert (await bucket.hit("busy")).remaining == 2  # its history was kept: 3 earned, 1 spent


async def test_the_sweep_runs_at_most_once_per_window(clock: ManualClock) -> None:
    limiter = FixedWindow("search", limit=5, window=10, clock=clock)
    await limiter.hit("a")  # sweeps (the first hit always does), next sweep at t=10
    clock.now = 10.0
    await limiter.hit("b")  # sweeps: "a" is gone
    await spray(limiter, 100)
    clock.now = 19.9
    await limiter.hit("c")  # no sweep yet; nothing has expired anyway
    assert len(limiter) == 102
    clock.now = 20.0
    await limiter.hit("d")
    assert len(limiter) == 1


async def test_max_keys_caps_the_table_and_forgets_the_least_recently_used(
    clock: ManualClock,
) -> None:
    limiter = FixedWindow("search", limit=3, window=60, clock=clock, max_keys=100)
    for i in range(1000):
        await limiter.hit(f"ip:{i}")
        if i % 10 == 0:
            await limiter.hit("regular")  # seen often: never the least recently used
    assert len(limiter) == 100
    # "regular" was remembered all along: its 100 hits spent its quota of 3.
    assert not (await limiter.hit("regular")).allowed
    # The price of the cap: a forgotten key starts afresh.
    assert (await limiter.hit("ip:0")).remaining == 2


async def test_eviction_is_lossless_for_expired_keys(clock: ManualClock) -> None:
    """A swept key answers exactly as a key that was never seen: dropping it lost nothing."""
    leaky = LeakyBucket("l", capacity=3, leak_rate=1, clock=clock)
    await leaky.hit("old")
    clock.now = 5.0
    assert leaky.evict_expired() == 1
    seen_before, never_seen = await leaky.hit("old"), await leaky.hit("new")
    assert seen_before == never_seen
