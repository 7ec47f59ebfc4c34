"""Customers place orders; ``orders.Order`` is read at call time, when both modules are done."""

from __future__ import annotations

from dataclasses import dataclass, field

# region: fix
from . import orders


@dataclass
class Customer:
    name: str
    placed: list[orders.Order] = field(default_factory=list)

    def place(self, total_cents: int) -> orders.Order:
        order = orders.Order(self, total_cents)
        self.placed.append(order)
        return order


# endregion
