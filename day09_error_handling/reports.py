"""A report with a bug in it, left on purpose: the unexpected error every service has.

With no transfers yet, ``average`` divides by zero. Nothing catches ``ZeroDivisionError``,
so it reaches ``shared.errors.UnexpectedErrors``: the client gets a 500 problem (with the
exception type in development, nothing of it in production) and the log gets the whole
traceback with the request id the client also sees.
"""

from __future__ import annotations

from pydantic import BaseModel

from day09_error_handling.bank import Bank


class Summary(BaseModel):
    transfers: int
    total: int
    average: float


async def summary(bank: Bank) -> Summary:
    amounts = [t.amount for t in bank.transfers]
    total = sum(amounts)
    return Summary(transfers=len(amounts), total=total, average=total / len(amounts))
