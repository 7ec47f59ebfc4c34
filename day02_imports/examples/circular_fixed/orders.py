"""Orders point at their customer; ``customers.Customer`` is looked up only when needed."""

from __future__ import annotations

from dataclasses import dataclass

# A module, not a name: this succeeds even while customers.py is half-way through running,
# because nothing inside it is read until later.
from . import customers


@dataclass
class Order:
    # A string annotation (from __future__ import annotations): not evaluated at import time.
    customer: customers.Customer
    total_cents: int
