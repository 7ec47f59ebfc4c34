"""Async errors: what a failing task does to the code that awaits it.

A statement needs the account and its transfers; the two reads are independent, so they
run concurrently in a ``TaskGroup``. When one task raises, the group cancels the others
and raises an ``ExceptionGroup`` holding the failure — not the ``AccountNotFound`` itself.
``shared.errors`` answers such a group as its domain error (404 here) when every exception
in it is one; a bug inside it still becomes a logged 500.

``asyncio.gather`` differs: it re-raises the first exception as it is, but leaves the other
awaitables running with nobody waiting for them. ``TaskGroup`` (Python 3.11+) never leaves
a task behind; that is why it is used here.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from day09_error_handling.bank import Account, Bank, Transfer


@dataclass
class Statement:
    account: Account
    transfers: list[Transfer]


async def statement(bank: Bank, account_id: int) -> Statement:
    async with asyncio.TaskGroup() as group:
        account = group.create_task(bank.get(account_id))
        transfers = group.create_task(bank.transfers_of(account_id))
    return Statement(account.result(), transfers.result())
