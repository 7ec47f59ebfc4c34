"""A cart of items, priced by the ``prices`` module next to it."""

from __future__ import annotations

# Relative: "prices.py in my own package". The absolute spelling works too,
#   from day02_imports.examples.shop.prices import price_of
# but hard-codes where the package sits; the relative one survives moving the folder.
from .prices import price_of


class Cart:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, item: str) -> Cart:
        price_of(item)  # refuse unknown items now, not at checkout
        self.items.append(item)
        return self

    def total(self) -> int:
        return sum(price_of(item) for item in self.items)

    def receipt(self) -> str:
        # Imported here, on first call, not at the top: carts that are never printed never
        # load the report module.
        from .report import receipt

        return receipt(self)
