"""A bug: 500 without details in production, full traceback in the log with the request id."""

from __future__ import annotations

import logging

import httpx

from shared.middleware import COURSE_LOGGER

from .conftest import assert_problem


async def test_production_hides_everything_but_the_id(client, production, caplog):
    caplog.set_level(logging.INFO, logger=COURSE_LOGGER)
    r = await client.get("/reports/summary", headers={"X-Request-ID": "bug-report-1"})
    body = assert_problem(r, 500)
    assert body == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "instance": "/reports/summary",
        "request_id": "bug-report-1",
    }
    for leak in ("ZeroDivision", "division", "Traceback", "reports.py", "average"):
        assert leak not in r.text

    # ...while the log has all of it, under the same id the client was given.
    [record] = [rec for rec in caplog.records if rec.name == "course.errors"]
    assert record.request_id == "bug-report-1"
    assert "[request bug-report-1]" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError
    assert "Traceback" in caplog.text and "reports.py" in caplog.text


async def test_development_shows_the_exception_type(client: httpx.AsyncClient, development):
    body = assert_problem(await client.get("/reports/summary"), 500)
    assert body["detail"] == "ZeroDivisionError: division by zero"
    assert "Traceback" not in body["detail"]


async def test_the_bug_only_bites_with_no_transfers(client: httpx.AsyncClient):
    await client.post("/transfers", json={"from_account": 1, "to_account": 2, "amount": 10})
    r = await client.get("/reports/summary")
    assert r.status_code == 200
    assert r.json() == {"transfers": 1, "total": 10, "average": 10.0}
