"""Orders point at their customer, so this module wants ``Customer`` at import time."""

from __future__ import annotations

from dataclasses import dataclass

# Runs customers.py now, before `Order` below exists; customers.py asks for `Order` right away.
from .customers import Customer


@dataclass
class Order:
    customer: Customer
    total_cents: int
