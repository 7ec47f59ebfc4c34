"""The items API on a healthy database (``MONGODB_URL`` when set): CRUD, statuses, bad input."""

from __future__ import annotations

import pytest
from pymongo.errors import OperationFailure

from day11_db_errors.breaker import CircuitBreaker
from day11_db_errors.failures import is_outage
from day11_db_errors.guard import DbGuard, Timeouts
from day11_db_errors.readiness import check
from day11_db_errors.retries import RetryPolicy

from .conftest import assert_problem, guard_of


async def test_put_creates_then_replaces_and_get_reads_it(items_app):
    app, http = items_app
    r = await http.put("/items/pen", json={"name": "Pen", "quantity": 3})
    assert r.status_code == 201 and r.json() == {"id": "pen", "name": "Pen", "quantity": 3}
    r = await http.put("/items/pen", json={"name": "Pen", "quantity": 5})
    assert r.status_code == 200 and r.json()["quantity"] == 5
    assert (await http.get("/items/pen")).json() == {"id": "pen", "name": "Pen", "quantity": 5}
    assert guard_of(app).attempts["put"] == 2, "nothing failed, so nothing was retried"


async def test_post_picks_the_id_and_says_where(items_app):
    _, http = items_app
    r = await http.post("/items", json={"name": "Cup"})
    assert r.status_code == 201
    item = r.json()
    assert item["quantity"] == 0 and len(item["id"]) == 32
    assert r.headers["location"] == f"/items/{item['id']}"
    assert (await http.get(r.headers["location"])).json() == item


async def test_list_is_ordered_and_bounded(items_app):
    _, http = items_app
    for name in ("c", "a", "b"):
        assert (await http.put(f"/items/{name}", json={"name": name})).status_code == 201
    assert [i["id"] for i in (await http.get("/items")).json()] == ["a", "b", "c"]
    assert [i["id"] for i in (await http.get("/items", params={"limit": 2})).json()] == ["a", "b"]


async def test_delete_is_204_twice_and_then_the_item_is_gone(items_app):
    _, http = items_app
    await http.put("/items/pen", json={"name": "pen"})
    assert (await http.delete("/items/pen")).status_code == 204
    assert (await http.delete("/items/pen")).status_code == 204  # a retried delete is no error
    body = assert_problem(await http.get("/items/pen"), 404)
    assert body["detail"] == "no item with id 'pen'"


async def test_ready_reports_the_database_and_a_closed_breaker(items_app):
    _, http = items_app
    r = await http.get("/ready")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ready" and body["database"]["reachable"] is True
    assert body["database"]["ping_ms"] >= 0
    assert body["breaker"]["state"] == "closed" and body["breaker"]["failure_threshold"] == 3


BAD_BODIES = [
    {},
    {"name": ""},
    {"name": "x" * 101},
    {"name": "tab\there"},
    {"name": "pen", "quantity": -1},
    {"name": "pen", "quantity": 1_000_001},
    {"name": "pen", "quantity": "many"},
    {"name": "pen", "quantity": 1.5},
    {"name": "pen", "owner": "ada"},  # unknown field: refused, not dropped
    {"name": {"$ne": None}},  # an operator where a string belongs
    ["name", "pen"],
]


@pytest.mark.parametrize("body", BAD_BODIES)
async def test_bad_bodies_are_422_and_write_nothing(items_app, body):
    app, http = items_app
    for r in (await http.put("/items/pen", json=body), await http.post("/items", json=body)):
        assert_problem(r, 422)
    assert await app.state.db["items"].count_documents({}) == 0
    asked = {name for name in guard_of(app).attempts if name != "ping"}  # the readiness probe
    assert not asked, "the database was never asked"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/items/a%20b"),
        ("PUT", "/items/-starts-with-dash"),
        ("PUT", "/items/" + "x" * 65),
        ("GET", "/items/$where"),
        ("DELETE", "/items/" + "y" * 65),
        ("GET", "/items?limit=0"),
        ("GET", "/items?limit=101"),
    ],
)
async def test_bad_ids_and_limits_are_422(items_app, method, path):
    app, http = items_app
    assert_problem(await http.request(method, path, json={"name": "pen"}), 422)
    assert await app.state.db["items"].count_documents({}) == 0


async def test_not_json_and_oversized_bodies_are_refused(items_app):
    app, http = items_app
    r = await http.post("/items", content=b"name=pen", headers={"content-type": "text/plain"})
    assert_problem(r, 422)
    huge = b'{"name": "' + b"x" * 1_100_000 + b'"}'
    r = await http.put("/items/pen", content=huge, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
    assert await app.state.db["items"].count_documents({}) == 0


async def test_ready_is_not_ready_when_the_database_answers_the_ping_with_an_error():
    class RefusingDatabase:
        async def command(self, name: str) -> None:
            raise OperationFailure("Authentication failed.", code=18)

    guard = DbGuard(CircuitBreaker(is_failure=is_outage), RetryPolicy(), Timeouts(probe_s=0.5))
    readiness = await check(RefusingDatabase(), guard)  # type: ignore[arg-type]
    assert readiness.status == "not ready"
    assert readiness.database.reachable is False
    assert readiness.database.error == "the ping failed: OperationFailure"
    assert readiness.breaker.state == "closed", "an answer, even a refusal, is not an outage"
