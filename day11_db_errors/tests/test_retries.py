"""Backoff that grows exponentially, jitter inside it, and retries only where they are safe."""

from __future__ import annotations

import random

import pytest
from pymongo.errors import (
    AutoReconnect,
    ExecutionTimeout,
    NetworkTimeout,
    OperationFailure,
    ServerSelectionTimeoutError,
)

from day11_db_errors.breaker import CircuitBreaker
from day11_db_errors.failures import (
    CircuitOpenProblem,
    DatabaseTimeout,
    DatabaseUnavailable,
    as_problem,
    is_outage,
)
from day11_db_errors.guard import DbGuard, Timeouts
from day11_db_errors.retries import RetryPolicy


class Waits:
    """A sleep that records the waits and does not wait."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def flaky(failures: list[BaseException]):
    calls: list[int] = []

    async def op() -> str:
        calls.append(1)
        if failures:
            raise failures.pop(0)
        return "done"

    return op, calls


def guard_with(waits: Waits, *, attempts: int = 4, threshold: int = 100) -> DbGuard:
    breaker = CircuitBreaker(failure_threshold=threshold, reset_timeout_s=5, is_failure=is_outage)
    retry = RetryPolicy(attempts=attempts, first_backoff_s=0.1, max_backoff_s=0.3, sleep=waits)
    return DbGuard(breaker, retry, Timeouts(request_s=10))


async def test_backoff_caps_double_up_to_the_maximum(monkeypatch):
    # Full jitter draws each wait from [0, cap]; drawing the top shows the caps themselves.
    draws: list[tuple[float, float]] = []
    monkeypatch.setattr(random, "uniform", lambda a, b: draws.append((a, b)) or b)
    waits = Waits()
    policy = RetryPolicy(attempts=5, first_backoff_s=0.1, max_backoff_s=0.3, sleep=waits)
    op, calls = flaky([AutoReconnect("down")] * 4)
    assert await policy.run(op, budget_s=60) == "done"
    assert len(calls) == 5
    assert waits.waits == pytest.approx([0.1, 0.2, 0.3, 0.3])
    assert all(low == 0 for low, _ in draws), "full jitter: every wait may be anything from 0"


async def test_jitter_spreads_the_waits():
    random.seed(11)
    waits = Waits()
    policy = RetryPolicy(attempts=2, first_backoff_s=0.1, max_backoff_s=1, sleep=waits)
    for _ in range(20):
        op, _ = flaky([AutoReconnect("down")])
        await policy.run(op, budget_s=60)
    assert all(0 <= w <= 0.1 for w in waits.waits)
    assert len({round(w, 6) for w in waits.waits}) > 15, "clients that failed together spread out"


async def test_gives_up_after_the_attempts_with_the_databases_own_error():
    op, calls = flaky([AutoReconnect("down")] * 10)
    with pytest.raises(AutoReconnect):
        await RetryPolicy(attempts=3, sleep=Waits()).run(op, budget_s=60)
    assert len(calls) == 3


async def test_stops_before_a_wait_would_pass_the_budget(monkeypatch):
    monkeypatch.setattr(random, "uniform", lambda a, b: b)
    op, calls = flaky([AutoReconnect("down")] * 10)
    # Real sleeps here: the budget is measured on the clock, from the first attempt.
    policy = RetryPolicy(attempts=10, first_backoff_s=0.05, max_backoff_s=1)
    with pytest.raises(AutoReconnect):
        await policy.run(op, budget_s=0.12)  # waits 0.05, then 0.1 would end at 0.15: stop
    assert len(calls) == 2


@pytest.mark.parametrize(
    "error",
    [
        OperationFailure("unknown operator: $bogus", code=2),
        ExecutionTimeout("operation would exceed time limit", code=50),
    ],
)
async def test_answers_and_spent_budgets_are_not_retried(error):
    op, calls = flaky([error])
    with pytest.raises(type(error)):
        await RetryPolicy(attempts=5, sleep=Waits()).run(op, budget_s=60)
    assert len(calls) == 1


async def test_the_guard_retries_reads_but_writes_a_plain_insert_once():
    waits = Waits()
    guard = guard_with(waits)
    read, read_calls = flaky([AutoReconnect("reset")])
    assert await guard.read("get", read) == "done"
    assert guard.attempts["get"] == 2 and len(read_calls) == 2

    insert, insert_calls = flaky([AutoReconnect("reset")])
    with pytest.raises(DatabaseUnavailable):
        await guard.write_once("create", insert)
    assert guard.attempts["create"] == 1 and len(insert_calls) == 1


async def test_an_open_breaker_stops_the_retries():
    guard = guard_with(Waits(), attempts=10, threshold=2)
    op, calls = flaky([AutoReconnect("down")] * 10)
    with pytest.raises(CircuitOpenProblem) as refused:
        await guard.read("get", op)
    assert len(calls) == 2, "the third attempt found the breaker open and was never made"
    assert refused.value.headers == {"Retry-After": "5"}


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ServerSelectionTimeoutError("no servers, Timeout: 0.25s"), 503),
        (AutoReconnect("connection closed"), 503),
        (NetworkTimeout("timed out"), 504),
        (ExecutionTimeout("operation would exceed time limit", code=50), 504),
    ],
)
def test_outages_map_to_503_or_504(error, status):
    problem = as_problem(error, budget_s=1.5)
    assert problem is not None and problem.status == status
    if status == 503:
        assert problem.headers == {"Retry-After": "1"}
    else:
        assert isinstance(problem, DatabaseTimeout) and "1.5 s" in problem.detail


def test_an_answer_from_the_database_is_not_an_outage():
    assert as_problem(OperationFailure("bad query", code=2), budget_s=1) is None
    assert not is_outage(OperationFailure("bad query", code=2))
