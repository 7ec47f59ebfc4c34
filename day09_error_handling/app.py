"""Day 09 app: a small bank whose every failure answers in the same problem+json format.

``create_service`` installs the handlers; the routes below only raise. Look for what is
*missing*: no ``try``/``except`` around the bank calls, no error bodies built by hand.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, FastAPI, Path, Request

from day09_error_handling import LESSON
from day09_error_handling.bank import PROBLEM_TYPES, Bank, Transfer
from day09_error_handling.jobs import Jobs, Mailer
from day09_error_handling.reports import Summary, summary
from day09_error_handling.schemas import (
    AccountOut,
    JobOut,
    NewAccount,
    NewTransfer,
    ProblemType,
    StatementOut,
    TransferOut,
)
from day09_error_handling.statement import statement
from shared.errors import NotFound, problem_responses
from shared.service import create_service

AccountId = Annotated[int, Path(ge=1, le=2**31)]
router = APIRouter()


def bank_of(request: Request) -> Bank:
    return request.app.state.bank


@router.post("/accounts", status_code=201, response_model=AccountOut, tags=["accounts"])
async def open_account(body: NewAccount, request: Request) -> AccountOut:
    account = await bank_of(request).open(body.owner, body.email, body.opening_balance)
    return AccountOut.model_validate(account, from_attributes=True)


@router.get(
    "/accounts/{account_id}",
    response_model=AccountOut,
    tags=["accounts"],
    responses=problem_responses(404),
)
async def get_account(account_id: AccountId, request: Request) -> AccountOut:
    # AccountNotFound raised three awaits down arrives here unchanged, and leaves unchanged.
    account = await bank_of(request).get(account_id)
    return AccountOut.model_validate(account, from_attributes=True)


@router.get(
    "/accounts/{account_id}/statement",
    response_model=StatementOut,
    tags=["accounts"],
    responses=problem_responses(404),
)
async def get_statement(account_id: AccountId, request: Request) -> StatementOut:
    return StatementOut.model_validate(
        await statement(bank_of(request), account_id), from_attributes=True
    )


@router.post(
    "/transfers",
    status_code=201,
    response_model=TransferOut,
    tags=["transfers"],
    responses=problem_responses(404, 409),
)
async def make_transfer(
    body: NewTransfer, request: Request, background: BackgroundTasks
) -> TransferOut:
    bank = bank_of(request)
    done = await bank.transfer(body.from_account, body.to_account, body.amount, body.reference)
    # Receipts go out after the response: a mail failure must not undo a completed transfer.
    for account_id in (done.from_account, done.to_account):
        email = bank.accounts[account_id].email
        request.app.state.jobs.schedule(
            background,
            f"receipt #{done.id} to {email}",
            request.app.state.mailer.send,
            email,
            receipt(done),
        )
    return TransferOut.model_validate(done, from_attributes=True)


def receipt(transfer: Transfer) -> str:
    return (
        f"Transfer #{transfer.id}: {transfer.amount} cents from account "
        f"{transfer.from_account} to account {transfer.to_account} ({transfer.reference})"
    )


# Left out of /docs on purpose: a documented operation must never answer 5xx, and the
# course fuzzes every documented one (tests/test_fuzz.py). This route exists to fail.
@router.get("/reports/summary", response_model=Summary, include_in_schema=False)
async def get_summary(request: Request) -> Summary:
    """Has a bug: with no transfers yet it fails with a 500 (see ``reports.py``)."""
    return await summary(bank_of(request))


@router.get("/jobs/failed", response_model=list[JobOut], tags=["jobs"])
async def failed_jobs(request: Request) -> list[JobOut]:
    """Background jobs that failed, newest last, with the id of the request that queued them."""
    return [JobOut.model_validate(j, from_attributes=True) for j in request.app.state.jobs.failed]


@router.get("/jobs/done", response_model=list[JobOut], tags=["jobs"])
async def done_jobs(request: Request) -> list[JobOut]:
    return [JobOut.model_validate(j, from_attributes=True) for j in request.app.state.jobs.done]


@router.get(
    "/problems/{name}",
    response_model=ProblemType,
    tags=["problems"],
    responses=problem_responses(404),
)
async def problem_type(name: Annotated[str, Path(max_length=64)]) -> ProblemType:
    """What a problem ``type`` URI means: RFC 9457 asks that it lead to documentation."""
    for error in PROBLEM_TYPES:
        if error.type == f"/problems/{name}":
            return ProblemType(
                type=error.type,
                title=error.title or "",
                status=error.status,
                description=inspect.cleandoc(error.__doc__ or ""),
            )
    raise NotFound("this API defines no problem type by that name")


#: three accounts to try things with; Grace's mail domain cannot exist, so receipts to her
#: fail in the background (try a transfer to account 3)
SEED = (
    ("Ada", "ada@example.com", 10_000),
    ("Linus", "linus@example.com", 5_000),
    ("Grace", "grace@mail.invalid", 0),
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    for owner, email, balance in SEED:
        await app.state.bank.open(owner, email, balance)
    yield


def create_app() -> FastAPI:
    app = create_service(LESSON, lifespan=lifespan)
    app.state.bank = Bank()
    app.state.jobs = Jobs()
    app.state.mailer = Mailer()
    app.include_router(router)
    return app
