"""Receipts: a module the shop loads only when something asks for it (see ``__getattr__``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..loadlog import record
from . import prices

if TYPE_CHECKING:  # for type checkers only: no import (and no cycle) at run time
    from .cart import Cart

record(__name__)


def receipt(cart: Cart) -> str:
    # prices.currency, not a copied `currency`: read the module's variable as it is now.
    lines = [f"{item:<10}{prices.price_of(item) / 100:>8.2f}" for item in cart.items]
    lines.append(f"{'total':<10}{cart.total() / 100:>8.2f} {prices.currency}")
    return "\n".join(lines)
