"""The same service after review: each ``# FLAW:`` in ``flawed.py`` has a ``# FIX:`` here."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from day10_project_review.data import Order, Shop
from shared.errors import NotFound

MAX_PAGE = 100


class PaymentSettings(BaseSettings):
    """FIX: the secret comes from the environment (PAYMENT_API_KEY), never from the code.

    ``SecretStr`` prints as ``**********``, so it can't leak through a log line or a repr.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")
    payment_api_key: SecretStr = SecretStr("sk_test_development_only")


class OrderOut(BaseModel):
    id: int
    customer: str
    total_cents: int


class Page(BaseModel):
    items: list[OrderOut]
    next_after: int | None = Field(description="pass as ?after= to get the next page")


class NewOrder(BaseModel):
    # FIX: validation — types, ranges, and no unknown fields.
    model_config = ConfigDict(extra="forbid", strict=True)
    customer_id: int = Field(ge=1)
    total_cents: int = Field(gt=0, le=10_000_000)


class Created(BaseModel):
    id: int


class Report(BaseModel):
    report: str


router = APIRouter(prefix="/reviewed", tags=["reviewed"])


def shop_of(request: Request) -> Shop:
    return request.app.state.shop


@router.get("/orders", response_model=Page)
async def list_orders(
    request: Request,
    # FIX: bounded — a page of at most MAX_PAGE, and a keyset cursor instead of an offset.
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    after: Annotated[int, Query(ge=0)] = 0,
) -> Page:
    shop = shop_of(request)
    page = [o for o in shop.orders if o.id > after][:limit]
    # FIX: one batched lookup for the whole page instead of one call per order.
    customers = await shop.customers_by_id({o.customer_id for o in page})
    items = [
        OrderOut(id=o.id, customer=customers[o.customer_id].name, total_cents=o.total_cents)
        for o in page
        if o.customer_id in customers
    ]
    next_after = page[-1].id if len(page) == limit else None
    return Page(items=items, next_after=next_after)


@router.get("/report", response_model=Report)
async def report(request: Request) -> Report:
    # FIX: the blocking read runs in the default thread pool; the loop keeps serving.
    return Report(report=await asyncio.to_thread(shop_of(request).read_report_blocking))


@router.post("/orders", response_model=Created, status_code=status.HTTP_201_CREATED)
async def create_order(body: NewOrder, request: Request) -> Created:
    shop = shop_of(request)
    if body.customer_id not in shop.customers:
        raise NotFound(f"no customer {body.customer_id}")
    order = Order(len(shop.orders) + 1, body.customer_id, body.total_cents)
    shop.orders.append(order)
    return Created(id=order.id)
