"""The slow data source a cache sits in front of: a product catalogue that takes 50 ms a call.

It stands in for a database query or another service. It counts its calls, so the tests (and
``GET /catalogue/stats``) can see what the cache saved it — and prove that a stampede of 50
requests reached it once.
"""

from __future__ import annotations

import asyncio

from pydantic import BaseModel

from shared.errors import NotFound

#: how long every call takes: the cost a cache hit avoids
DELAY_S = 0.05


class Product(BaseModel):
    id: int
    name: str
    price_cents: int


def starting_products() -> dict[int, Product]:
    rows = [
        (1, "Espresso machine", 24_900),
        (2, "Burr grinder", 13_900),
        (3, "Milk jug", 1_900),
        (4, "Tamper", 2_900),
        (5, "Descaler", 900),
    ]
    return {pid: Product(id=pid, name=name, price_cents=price) for pid, name, price in rows}


class SlowCatalogue:
    """Products in memory, behind an artificial delay; it counts its reads and writes."""

    def __init__(self, delay_s: float = DELAY_S) -> None:
        self.delay_s = delay_s
        self.products = starting_products()
        self.reads = 0
        self.writes = 0

    async def get(self, pid: int) -> Product:
        self.reads += 1
        await asyncio.sleep(self.delay_s)
        if pid not in self.products:
            raise NotFound(f"no product {pid}")
        return self.products[pid].model_copy()

    async def update(self, pid: int, name: str, price_cents: int) -> Product:
        self.writes += 1
        await asyncio.sleep(self.delay_s)
        if pid not in self.products:
            raise NotFound(f"no product {pid}")
        self.products[pid] = Product(id=pid, name=name, price_cents=price_cents)
        return self.products[pid].model_copy()
