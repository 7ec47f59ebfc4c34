"""``python -m course bench 18``: what a password hash costs here, and what it costs the event loop.

    python -m course bench 18 [--logins 20] [--rounds 3] [--repeat 9]

Table 1 — hash and verify times for the configured cost (``DAY18_*``, the OWASP floor by
default), plus a login check for an unknown user (the dummy hash) next to a wrong password.

Table 2 — ``/health`` latency from a real uvicorn, idle and while ``--logins`` logins hash at
once: with the lesson's thread pool, and with the hashes run on the event loop (``workers=0``).
``/health`` is requested one after another for as long as the logins take.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from day18_passwords.app import create_app
from day18_passwords.config import PasswordSettings
from shared.ports import free_port
from shared.security import PasswordHasher

USER = {"username": "bench-user", "password": "a bench passphrase, long enough"}


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def hash_table(hasher: PasswordHasher, repeat: int) -> None:
    cost = hasher.cost
    bcrypt = hasher.context.handler("bcrypt").using(rounds=cost.bcrypt_rounds)
    argon_hash = hasher.hash_blocking(USER["password"])
    bcrypt_hash = bcrypt.hash(USER["password"])
    rows = [
        (
            f"argon2id m={cost.argon2_memory_kib},t={cost.argon2_time_cost},"
            f"p={cost.argon2_parallelism}",
            median_ms(lambda: hasher.hash_blocking(USER["password"]), repeat),
            median_ms(lambda: hasher.verify_blocking(USER["password"], argon_hash), repeat),
        ),
        (
            f"bcrypt cost {cost.bcrypt_rounds}",
            median_ms(lambda: bcrypt.hash(USER["password"]), repeat),
            median_ms(lambda: hasher.verify_blocking(USER["password"], bcrypt_hash), repeat),
        ),
    ]
    print(f"{'scheme and parameters':<32} {'hash ms':>9} {'verify ms':>10}")
    for name, hashed, verified in rows:
        print(f"{name:<32} {hashed:>9.1f} {verified:>10.1f}")
    wrong = median_ms(lambda: hasher.verify_blocking("a wrong guess", argon_hash), repeat)
    unknown = median_ms(lambda: hasher.verify_blocking("a wrong guess", None), repeat)
    print(f"\n{'login check (argon2id)':<32} {'ms':>9}")
    print(f"{'wrong password':<32} {wrong:>9.1f}")
    print(f"{'no such user (dummy hash)':<32} {unknown:>9.1f}")


class Server:
    """The lesson under a real uvicorn in a thread, on a free port, with its own database."""

    def __init__(self, hasher: PasswordHasher) -> None:
        import uvicorn  # noqa: PLC0415

        self.db_name = f"day18_bench_{uuid.uuid4().hex[:8]}"
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        app = create_app(hasher=hasher, db_name=self.db_name, seed=False)
        self.server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="error"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.perf_counter() + 20
        while not self.server.started:
            if time.perf_counter() > deadline or not self.thread.is_alive():
                raise RuntimeError("the lesson did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        _drop_if_real(self.db_name)


async def health_while_logins(url: str, logins: int, rounds: int) -> tuple[list[float], float]:
    """/health latencies (ms) sampled while ``logins`` logins run; and the logins' mean wall ms."""
    samples: list[float] = []
    walls: list[float] = []
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        await client.post("/signup", json=USER)
        for _ in range(rounds):
            started = time.perf_counter()
            batch = asyncio.gather(*(client.post("/login", json=USER) for _ in range(logins)))
            while not batch.done():
                began = time.perf_counter()
                await client.get("/health")
                samples.append((time.perf_counter() - began) * 1000)
                await asyncio.sleep(0)  # let the login responses be read too
            assert all(r.status_code == 200 for r in await batch)
            walls.append((time.perf_counter() - started) * 1000)
    return samples, statistics.mean(walls)


async def health_idle(url: str, count: int = 200) -> list[float]:
    samples = []
    async with httpx.AsyncClient(base_url=url) as client:
        for _ in range(count):
            began = time.perf_counter()
            await client.get("/health")
            samples.append((time.perf_counter() - began) * 1000)
    return samples


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return statistics.median(samples), cuts[98]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m course bench 18")
    parser.add_argument("--logins", type=int, default=20, help="concurrent logins")
    parser.add_argument("--rounds", type=int, default=3, help="batches of logins per setting")
    parser.add_argument("--repeat", type=int, default=9, help="hashes timed per row (median)")
    args = parser.parse_args(argv)
    logging.disable(logging.INFO)  # tables, not a thousand access-log lines

    settings = PasswordSettings()
    pooled = PasswordHasher(settings.cost(), workers=settings.hash_workers)
    print(f"Cost in use: {pooled.cost.describe()} (DAY18_* settings)\n")
    hash_table(pooled, args.repeat)

    on_loop = PasswordHasher(settings.cost(), workers=0)
    rows: list[tuple[str, list[float], float | None]] = []
    with Server(pooled) as server:
        rows.append(("idle", asyncio.run(health_idle(server.url)), None))
        samples, wall = asyncio.run(health_while_logins(server.url, args.logins, args.rounds))
        rows.append((f"{args.logins} logins, pool of {pooled.workers} threads", samples, wall))
    with Server(on_loop) as server:
        samples, wall = asyncio.run(health_while_logins(server.url, args.logins, args.rounds))
        rows.append((f"{args.logins} logins, on the event loop", samples, wall))
    pooled.close()
    logging.disable(logging.NOTSET)

    print(
        f"\n{'GET /health while…':<36} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'logins wall ms':>15}"
    )
    for name, samples, wall in rows:
        p50, p99 = percentiles(samples)
        shown = f"{wall:.0f}" if wall is not None else "—"
        print(f"{name:<36} {len(samples):>5} {p50:>8.1f} {p99:>8.1f} {shown:>15}")
    return 0


def _drop_if_real(db_name: str) -> None:
    """On a configured MongoDB, remove the bench's database (the embedded one lives in memory)."""
    from shared.backends import configured  # noqa: PLC0415
    from shared.settings import Settings  # noqa: PLC0415

    url: Any = configured(Settings().mongodb_url)
    if url:
        from pymongo import MongoClient  # noqa: PLC0415

        with MongoClient(url, serverSelectionTimeoutMS=3000) as client:
            client.drop_database(db_name)
