"""Customers place orders, so this module wants ``Order`` at import time — hence the cycle."""

from __future__ import annotations

from dataclasses import dataclass, field

# If orders.py is half-way through running (it imported us), `Order` is not defined yet:
# ImportError: cannot import name 'Order' from partially initialized module ...
from .orders import Order


@dataclass
class Customer:
    name: str
    placed: list[Order] = field(default_factory=list)

    def place(self, total_cents: int) -> Order:
        order = Order(self, total_cents)
        self.placed.append(order)
        return order
