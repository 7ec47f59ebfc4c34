"""Background tasks run after the response: failures are logged and recorded, not answered."""

from __future__ import annotations

import logging

import httpx

from shared.middleware import COURSE_LOGGER


async def test_a_failing_receipt_cannot_change_the_response(client, app, caplog):
    caplog.set_level(logging.INFO, logger=COURSE_LOGGER)
    r = await client.post(
        "/transfers",
        json={"from_account": 1, "to_account": 3, "amount": 100},
        headers={"X-Request-ID": "transfer-7"},
    )
    # Grace's mail server does not exist, but the transfer happened and the client knows it.
    assert r.status_code == 201
    assert r.headers["x-request-id"] == "transfer-7"

    failed = (await client.get("/jobs/failed")).json()
    assert [(j["job"], j["request_id"]) for j in failed] == [
        ("receipt #1 to grace@mail.invalid", "transfer-7")
    ]
    assert failed[0]["error"] == "MailerError: no mail server for mail.invalid"
    done = (await client.get("/jobs/done")).json()
    assert [j["job"] for j in done] == ["receipt #1 to ada@example.com"]
    assert list(app.state.mailer.outbox)[0][0] == "ada@example.com"

    [logged] = [rec for rec in caplog.records if rec.name == "course.day09.jobs"]
    assert logged.levelno == logging.ERROR
    assert logged.request_id == "transfer-7"
    assert "[request transfer-7]" in logged.getMessage()
    assert logged.exc_info is not None  # the traceback is in the log


async def test_successful_jobs_are_recorded_too(client: httpx.AsyncClient):
    await client.post("/transfers", json={"from_account": 1, "to_account": 2, "amount": 1})
    assert len((await client.get("/jobs/done")).json()) == 2
    assert (await client.get("/jobs/failed")).json() == []
