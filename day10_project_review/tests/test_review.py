"""Each flaw is visible in the flawed version and gone in the reviewed one."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx
import pytest

from day10_project_review import flawed, reviewed
from day10_project_review.app import create_app
from day10_project_review.data import Shop
from day10_project_review.measure import latency, profile


@pytest.fixture
def shop() -> Shop:
    return Shop.seeded(orders=40, customers=5)


@pytest.fixture
async def client(client_for, shop: Shop):
    async with client_for(create_app(shop)) as c:
        yield c


async def test_n_plus_one_is_one_call_per_row_versus_one_batch(client, shop: Shop) -> None:
    await client.get("/flawed/orders")
    assert shop.calls.customer_lookups == 40  # N calls for N rows
    shop.calls.customer_lookups = 0
    page = (await client.get("/reviewed/orders?limit=40")).json()
    assert len(page["items"]) == 40
    assert shop.calls.customer_lookups == 0 and shop.calls.batch_lookups == 1


async def test_unbounded_list_versus_bounded_pages(client) -> None:
    everything = (await client.get("/flawed/orders")).json()
    assert len(everything) == 40, "the flawed list returns every row there is"
    first = (await client.get("/reviewed/orders?limit=15")).json()
    assert len(first["items"]) == 15 and first["next_after"] == 15
    second = (await client.get(f"/reviewed/orders?limit=15&after={first['next_after']}")).json()
    assert second["items"][0]["id"] == 16
    too_big = await client.get(f"/reviewed/orders?limit={reviewed.MAX_PAGE + 1}")
    assert too_big.status_code == 422
    assert too_big.headers["content-type"] == "application/problem+json"


async def test_blocking_read_freezes_the_loop_but_the_thread_does_not(live_app, shop: Shop) -> None:
    """While /report runs, a heartbeat request either waits for it (flawed) or doesn't."""
    url = live_app(create_app(shop))
    async with httpx.AsyncClient(base_url=url, timeout=10) as c:

        async def health_answers_during(path: str) -> bool:
            slow = asyncio.create_task(c.get(path))
            # Send the heartbeat exactly while the blocking read is running.
            assert await asyncio.to_thread(shop.reading.wait, 5)
            health = asyncio.create_task(c.get("/health"))
            done, _ = await asyncio.wait({slow, health}, return_when=asyncio.FIRST_COMPLETED)
            await asyncio.gather(slow, health)
            return health in done and slow not in done

        assert not await health_answers_during("/flawed/report"), "blocking: health waits"
        assert await health_answers_during("/reviewed/report"), "offloaded: health answers first"


async def test_missing_validation_accepts_nonsense_reviewed_refuses_it(client, shop: Shop) -> None:
    before = len(shop.orders)
    # The flawed version stores a negative total and a string customer id without blinking.
    await client.post("/flawed/orders", json={"customer_id": "1", "total_cents": -500})
    assert shop.orders[-1].total_cents == -500
    stored = len(shop.orders)
    assert stored == before + 1

    for bad in (
        {"customer_id": "1", "total_cents": 500},  # a string where an int belongs
        {"customer_id": 1, "total_cents": -500},  # negative money
        {"customer_id": 1, "total_cents": 500, "discount": 100},  # unknown field
        {"customer_id": 1},  # missing field
    ):
        response = await client.post("/reviewed/orders", json=bad)
        assert response.status_code == 422, bad
        assert response.json()["status"] == 422
    missing = await client.post("/reviewed/orders", json={"customer_id": 999, "total_cents": 5})
    assert missing.status_code == 404
    assert len(shop.orders) == stored, "no rejected request wrote anything"
    good = await client.post("/reviewed/orders", json={"customer_id": 1, "total_cents": 500})
    assert good.status_code == 201 and len(shop.orders) == stored + 1


async def test_malformed_and_oversized_bodies_are_refused(client, shop: Shop) -> None:
    before = len(shop.orders)
    broken = await client.post(
        "/reviewed/orders",
        content=b'{"customer_id": ',
        headers={"content-type": "application/json"},
    )
    assert broken.status_code == 422
    huge = await client.post(
        "/reviewed/orders",
        content=b"[" + b"1," * 600_000 + b"1]",
        headers={"content-type": "application/json"},
    )
    assert huge.status_code == 413
    assert len(shop.orders) == before


def test_secret_lives_in_flawed_code_and_in_settings_for_the_reviewed(monkeypatch) -> None:
    secret_like = re.compile(r"sk_live_[A-Za-z0-9]{16,}")
    assert secret_like.search(Path(flawed.__file__).read_text())
    assert not secret_like.search(Path(reviewed.__file__).read_text())
    monkeypatch.setenv("PAYMENT_API_KEY", "sk_live_from_the_environment_123456")
    settings = reviewed.PaymentSettings()
    assert settings.payment_api_key.get_secret_value().startswith("sk_live_from")
    assert "sk_live" not in repr(settings) and "sk_live" not in str(settings.payment_api_key)


def test_flawed_app_is_not_published_in_the_openapi() -> None:
    paths = create_app().openapi()["paths"]
    assert "/reviewed/orders" in paths
    assert not any(p.startswith("/flawed") for p in paths)


async def test_measure_counts_calls_per_request_for_each_version() -> None:
    flawed_ms, flawed_calls = await latency("/flawed/orders", orders=20, runs=1)
    reviewed_ms, reviewed_calls = await latency("/reviewed/orders?limit=20", orders=20, runs=1)
    assert (flawed_calls, reviewed_calls) == (20, 1), "N calls for N rows versus one batch"
    # Measured, not compared: how the two times relate is bench.py's business, not a test's.
    assert flawed_ms > 0 and reviewed_ms > 0


def test_profile_shows_the_n_plus_one_as_a_call_count() -> None:
    def calls(report: str) -> dict[str, int]:
        # A row ends in ".../data.py:54(customer)"; its first column is ncalls ("40" or "40/20").
        rows = [line.split() for line in report.splitlines()[1:]]
        return {row[-1].rsplit("(", 1)[1].rstrip(")"): int(row[0].split("/")[0]) for row in rows}

    flawed = calls(profile("/flawed/orders", orders=20))
    assert flawed["customer"] >= 20, "one lookup per order at least"
    reviewed = calls(profile("/reviewed/orders?limit=20", orders=20))
    assert "customer" not in reviewed
    assert 1 <= reviewed["customers_by_id"] <= 2  # one batched call (entered again on resume)
