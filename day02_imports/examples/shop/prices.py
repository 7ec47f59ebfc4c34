"""Prices in cents, and the shop's currency: a module-level variable that can change."""

from __future__ import annotations

from ..loadlog import record

# A visible side effect of running this file, so the lesson can count how often that happens.
record(__name__)

PRICES: dict[str, int] = {"apple": 50, "bread": 250, "coffee": 400}

currency = "EUR"


def price_of(item: str) -> int:
    try:
        return PRICES[item]
    except KeyError:
        raise KeyError(f"unknown item {item!r}; the shop sells {', '.join(PRICES)}") from None


def switch_currency(code: str) -> None:
    """Rebind the module's ``currency``: who sees the change depends on how they imported it."""
    global currency
    currency = code
