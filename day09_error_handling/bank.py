"""The domain: accounts and transfers, and the failures the business rules define.

Nothing here knows about HTTP. The bank raises ``AccountNotFound`` or ``InsufficientFunds``
(``shared.errors.DomainError`` subclasses, each declaring its status and problem type) and
``shared.errors`` turns them into problem+json in one place — no route builds an error body.
Amounts are whole cents, so no float rounding ever loses a cent.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime

from shared.errors import Conflict, DomainError, NotFound


class AccountNotFound(NotFound):
    """The account id in the request does not exist (or no longer exists)."""

    type = "/problems/account-not-found"
    title = "Account not found"

    def __init__(self, account_id: int) -> None:
        super().__init__(f"no account with id {account_id}", account_id=account_id)


class InsufficientFunds(Conflict):
    """The source account's balance is smaller than the amount; nothing was moved.

    409 Conflict: the request is well-formed, but conflicts with the account's current
    state — it may succeed later, after a deposit. The "balance" and "requested"
    extension members let a client explain the refusal without a second request.
    """

    type = "/problems/insufficient-funds"
    title = "Insufficient funds"

    def __init__(self, account_id: int, balance: int, requested: int) -> None:
        super().__init__(
            f"account {account_id} has {balance} cents, the transfer needs {requested}",
            account_id=account_id,
            balance=balance,
            requested=requested,
        )


#: every problem type this API defines; ``GET /problems/{name}`` documents each one
PROBLEM_TYPES: tuple[type[DomainError], ...] = (AccountNotFound, InsufficientFunds)


@dataclass
class Account:
    id: int
    owner: str
    email: str
    balance: int


@dataclass(frozen=True)
class Transfer:
    id: int
    from_account: int
    to_account: int
    amount: int
    reference: str
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


class Bank:
    """An in-memory ledger with async methods, as if each call went to a database.

    The methods are coroutines on purpose: an exception raised deep inside an awaited
    coroutine travels up through every ``await`` exactly like a synchronous one, to the
    route and on to the exception handlers.
    """

    def __init__(self) -> None:
        self.accounts: dict[int, Account] = {}
        self.transfers: list[Transfer] = []
        self._account_ids = itertools.count(1)
        self._transfer_ids = itertools.count(1)
        # A real database would await between the balance check and the update; the lock
        # keeps check-then-write atomic so two transfers cannot both spend the same cents.
        self._lock = asyncio.Lock()

    async def open(self, owner: str, email: str, opening_balance: int) -> Account:
        account = Account(next(self._account_ids), owner, email, opening_balance)
        self.accounts[account.id] = account
        return account

    async def get(self, account_id: int) -> Account:
        await asyncio.sleep(0)  # stands in for the database round trip
        account = self.accounts.get(account_id)
        if account is None:
            raise AccountNotFound(account_id)
        return account

    async def transfers_of(self, account_id: int) -> list[Transfer]:
        await asyncio.sleep(0)
        return [t for t in self.transfers if account_id in (t.from_account, t.to_account)]

    async def transfer(self, source: int, target: int, amount: int, reference: str) -> Transfer:
        async with self._lock:
            # Every check first, every write after: a refused transfer writes nothing.
            src = await self.get(source)
            dst = await self.get(target)
            if src.balance < amount:
                raise InsufficientFunds(source, src.balance, amount)
            src.balance -= amount
            dst.balance += amount
            done = Transfer(next(self._transfer_ids), source, target, amount, reference)
            self.transfers.append(done)
            return done
