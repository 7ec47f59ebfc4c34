"""What the API accepts and returns. Every input is bounded and unknown fields are refused."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Cents = Annotated[int, Field(ge=0, le=100_000_000, description="an amount in cents")]
Email = Annotated[str, StringConstraints(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class NewAccount(BaseModel):
    model_config = ConfigDict(extra="forbid")

    owner: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    email: Email
    opening_balance: Cents = 0


class AccountOut(BaseModel):
    id: int
    owner: str
    email: str
    balance: int


class NewTransfer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    from_account: Annotated[int, Field(ge=1)]
    to_account: Annotated[int, Field(ge=1)]
    amount: Annotated[int, Field(gt=0, le=100_000_000)]
    reference: Annotated[str, StringConstraints(max_length=140)] = ""

    @model_validator(mode="after")
    def different_accounts(self) -> Self:
        # A rule about the request's own shape is validation (422), not a domain error.
        if self.from_account == self.to_account:
            raise ValueError("from_account and to_account must differ")
        return self


class TransferOut(BaseModel):
    id: int
    from_account: int
    to_account: int
    amount: int
    reference: str
    at: datetime


class StatementOut(BaseModel):
    account: AccountOut
    transfers: list[TransferOut]


class JobOut(BaseModel):
    job: str
    request_id: str
    error: str | None
    at: datetime


class ProblemType(BaseModel):
    type: str
    title: str
    status: int
    description: str
