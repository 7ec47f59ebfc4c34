"""Callbacks and coroutines do the same steps; one ready queue; tasks take turns at ``await``."""

from __future__ import annotations

from day03_event_loop import callbacks_vs_coroutines as cvc


async def test_call_soon_runs_after_the_current_code_and_call_later_after_its_timer() -> None:
    log = await cvc.with_callbacks()

    # call_soon did not run step 2 inside step 1: it queued it (≈ setImmediate).
    assert log == [
        "step 1: runs now",
        "step 1 returned; step 2 waits in the ready queue",
        "step 2: call_soon ran on the loop's next turn",
        "step 3: call_later(0.01) ran when its timer was due",
    ]


async def test_a_coroutine_writes_the_same_steps_in_order() -> None:
    log = await cvc.with_coroutines()

    assert [line.split(":")[0] for line in log] == ["step 1", "step 2", "step 3"]


async def test_callbacks_tasks_and_due_timers_share_one_fifo_ready_queue() -> None:
    log = await cvc.one_ready_queue()

    assert [line[0] for line in log] == ["A", "B", "C", "D"]


def test_on_uvloop_the_timers_phase_runs_first_as_in_libuv() -> None:
    import uvloop

    log = uvloop.run(cvc.one_ready_queue())

    assert [line[0] for line in log] == ["D", "A", "B", "C"]


async def test_awaiting_coroutines_one_by_one_runs_them_one_after_another() -> None:
    log, results = await cvc.awaited_one_by_one()

    assert log == ["A0", "A1", "A2", "B0", "B1", "B2"]
    assert results == ["A done", "B done"]


async def test_tasks_take_turns_at_every_await() -> None:
    log, results = await cvc.as_tasks()

    # create_task only schedules: the caller keeps running until its own await.
    assert log == ["tasks created, none has run yet", "A0", "B0", "A1", "B1", "A2", "B2"]
    assert results == ["A done", "B done"]
