"""Why a plain insert is not retried: the write can succeed while its reply is lost.

The proxy forwards the insert to a real server, which applies it; then the reply is lost. The
client sees a timeout — and cannot tell this from a write that never arrived. Retrying blindly
turns one order into two.
"""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient
from pymongo.errors import ConnectionFailure
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from course.testing import asgi_client
from day11_db_errors.guard import Timeouts

from .conftest import assert_problem, fast_app, guard_of, poll

#: a lost reply costs one attempt's timeout: keep it short
QUICK = Timeouts(attempt_s=0.3, request_s=1.5, connect_s=0.5, probe_s=0.5)


async def test_a_blind_retry_of_an_insert_writes_it_twice(lossy_proxy):
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(lossy_proxy.url, timeoutMS=300)
    orders = client["shop"]["orders"]
    try:
        lossy_proxy.lose_next_reply("insert")
        # What not to do: "it failed, so try again" around a write that is not idempotent.
        async for attempt in AsyncRetrying(
            retry=retry_if_exception_type(ConnectionFailure), stop=stop_after_attempt(3)
        ):
            with attempt:
                await orders.insert_one({"customer": "ada", "pens": 1})
        await poll(lossy_proxy.reply_lost)
        assert lossy_proxy.lost == 1
        assert await orders.count_documents({"customer": "ada"}) == 2, "one order, stored twice"
    finally:
        await client.close()


async def test_post_is_attempted_once_and_says_the_outcome_is_unknown(lossy_proxy):
    app = fast_app(lossy_proxy.url, threshold=10, timeouts=QUICK)
    async with asgi_client(app) as http:
        assert (await http.get("/items")).status_code == 200  # connected and warm
        lossy_proxy.lose_next_reply("insert")
        r = await http.post("/items", json={"name": "pen", "quantity": 1})
        assert_problem(r, 504, "/problems/database-timeout")
        assert guard_of(app).attempts["create"] == 1, "a plain insert is never retried"
        # A 504 on a write means "outcome unknown" — and here it did happen, exactly once.
        await poll(lossy_proxy.reply_lost)
        stored = (await http.get("/items")).json()
        assert [(i["name"], i["quantity"]) for i in stored] == [("pen", 1)]


async def test_put_by_id_is_retried_and_still_stores_one_item(lossy_proxy):
    app = fast_app(lossy_proxy.url, threshold=10, timeouts=QUICK)
    async with asgi_client(app) as http:
        assert (await http.get("/items")).status_code == 200  # connected and warm
        lossy_proxy.lose_next_reply("update")
        r = await http.put("/items/pen", json={"name": "pen", "quantity": 7})
        # The first attempt's upsert happened; the retry replaced the same document, so it
        # reports "replaced" (200) even when the item was new. The state is right either way.
        assert r.status_code == 200, r.text
        assert guard_of(app).attempts["put"] == 2
        await poll(lossy_proxy.reply_lost)
        assert lossy_proxy.lost == 1
        stored = (await http.get("/items")).json()
        assert stored == [{"id": "pen", "name": "pen", "quantity": 7}]
