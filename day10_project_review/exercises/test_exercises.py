"""Checks for the README's exercises: each fails until you have made the change."""

from __future__ import annotations

import re
from pathlib import Path

from day10_project_review import flawed
from day10_project_review.app import create_app
from day10_project_review.data import Shop


async def test_batch(client_for) -> None:
    shop = Shop.seeded(orders=30, customers=5)
    async with client_for(create_app(shop)) as client:
        await client.get("/flawed/orders")
    assert shop.calls.customer_lookups == 0 and shop.calls.batch_lookups == 1


async def test_cap(client_for) -> None:
    async with client_for(create_app(Shop.seeded(orders=300))) as client:
        assert len((await client.get("/flawed/orders")).json()) == 20
        assert len((await client.get("/flawed/orders?limit=100")).json()) == 100
        assert (await client.get("/flawed/orders?limit=101")).status_code == 422


def test_secret() -> None:
    source = Path(flawed.__file__).read_text()
    assert not re.search(r"sk_live_[A-Za-z0-9]{16,}", source)
    assert "PaymentSettings" in source
