"""The data both services read: orders in a "database" and customers behind a slow "service".

Every call is counted, so a test (and the benchmark) can see an N+1 pattern as a number
rather than a feeling. The latencies are small but real awaits, like a network round trip.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field

ROUND_TRIP_S = 0.002  # one call to the customer service: about a LAN round trip


@dataclass
class Order:
    id: int
    customer_id: int
    total_cents: int


@dataclass
class Customer:
    id: int
    name: str


@dataclass
class Calls:
    customer_lookups: int = 0
    batch_lookups: int = 0
    blocking_reads: int = 0


@dataclass
class Shop:
    orders: list[Order] = field(default_factory=list)
    customers: dict[int, Customer] = field(default_factory=dict)
    calls: Calls = field(default_factory=Calls)
    #: set while a blocking read is in progress (lets a test act at exactly that moment)
    reading: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def seeded(cls, orders: int = 5_000, customers: int = 50) -> Shop:
        shop = cls()
        shop.customers = {i: Customer(i, f"customer {i}") for i in range(1, customers + 1)}
        shop.orders = [
            Order(i, 1 + i % customers, 100 + (i * 37) % 10_000) for i in range(1, orders + 1)
        ]
        return shop

    async def customer(self, customer_id: int) -> Customer | None:
        """One network call per customer: fine once, an N+1 in a loop."""
        self.calls.customer_lookups += 1
        await asyncio.sleep(ROUND_TRIP_S)
        return self.customers.get(customer_id)

    async def customers_by_id(self, ids: set[int]) -> dict[int, Customer]:
        """One network call for many customers: what the reviewed version uses."""
        self.calls.batch_lookups += 1
        await asyncio.sleep(ROUND_TRIP_S)
        return {i: self.customers[i] for i in ids if i in self.customers}

    def read_report_blocking(self) -> str:
        """A slow synchronous read (a file on a network drive, a sync SDK call …)."""
        self.calls.blocking_reads += 1
        self.reading.set()
        time.sleep(0.05)
        self.reading.clear()
        return f"{len(self.orders)} orders"
