"""The circuit breaker on its own: states move by failures and by a clock the test controls."""

from __future__ import annotations

import asyncio

import pytest
from pymongo.errors import AutoReconnect, DuplicateKeyError

from day11_db_errors.breaker import CircuitBreaker, CircuitOpen
from day11_db_errors.failures import is_outage


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Database:
    """Stands in for the database call: counts calls, fails while ``down``."""

    def __init__(self) -> None:
        self.down = True
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.down:
            raise AutoReconnect("connection refused")
        return "ok"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def breaker(clock: Clock) -> CircuitBreaker:
    return CircuitBreaker(
        failure_threshold=3, reset_timeout_s=5.0, is_failure=is_outage, clock=clock
    )


async def fail(breaker: CircuitBreaker, db: Database, times: int) -> None:
    for _ in range(times):
        with pytest.raises(AutoReconnect):
            await breaker.call(db)


async def test_opens_after_n_failures_in_a_row_then_fails_fast_without_calling(breaker, clock):
    db = Database()
    await fail(breaker, db, 2)
    assert breaker.state == "closed" and breaker.consecutive_failures == 2
    await fail(breaker, db, 1)
    assert breaker.state == "open" and db.calls == 3

    for _ in range(10):
        with pytest.raises(CircuitOpen) as refused:
            await breaker.call(db)
    assert db.calls == 3, "an open breaker does not touch the database"
    assert refused.value.retry_in_s == pytest.approx(5.0)
    clock.now += 2
    assert breaker.snapshot()["retry_in_s"] == pytest.approx(3.0)


async def test_a_success_resets_the_count(breaker):
    db = Database()
    await fail(breaker, db, 2)
    db.down = False
    assert await breaker.call(db) == "ok"
    db.down = True
    await fail(breaker, db, 2)
    assert breaker.state == "closed", "failures must be *in a row* to open it"


async def test_half_opens_after_the_timeout_and_a_successful_trial_closes_it(breaker, clock):
    db = Database()
    await fail(breaker, db, 3)
    clock.now += 4.9
    assert breaker.state == "open"
    clock.now += 0.2
    assert breaker.state == "half-open"

    db.down = False
    gate = asyncio.Event()

    async def slow_trial() -> str:
        await gate.wait()
        return await db()

    trial = asyncio.create_task(breaker.call(slow_trial))
    await asyncio.sleep(0)  # the trial is now in flight
    with pytest.raises(CircuitOpen):
        await breaker.call(db)  # only one trial at a time: the rest still fail fast
    gate.set()
    assert await trial == "ok"
    assert breaker.state == "closed" and breaker.consecutive_failures == 0
    assert await breaker.call(db) == "ok"


async def test_a_failed_trial_opens_it_again_for_a_full_timeout(breaker, clock):
    db = Database()
    await fail(breaker, db, 3)
    clock.now += 5
    await fail(breaker, db, 1)  # the trial
    assert breaker.state == "open" and breaker.times_opened == 2
    assert breaker.retry_in_s == pytest.approx(5.0)
    assert db.calls == 4


async def test_answers_that_are_errors_are_not_outages(breaker):
    async def duplicate() -> None:
        raise DuplicateKeyError("E11000 duplicate key")

    for _ in range(5):
        with pytest.raises(DuplicateKeyError):
            await breaker.call(duplicate)
    assert breaker.state == "closed" and breaker.consecutive_failures == 0


async def test_a_cancelled_call_is_not_counted(breaker):
    async def hangs() -> None:
        await asyncio.Event().wait()

    task = asyncio.create_task(breaker.call(hangs))
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert breaker.consecutive_failures == 0


def test_refuses_nonsense_settings():
    with pytest.raises(ValueError):
        CircuitBreaker(failure_threshold=0)
    with pytest.raises(ValueError):
        CircuitBreaker(reset_timeout_s=0)
