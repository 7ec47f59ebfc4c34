"""Lax vs strict: the same order, parsed two ways. Nothing is stored; both answer what they read.

Pydantic's default ("lax") mode converts input it considers unambiguous. From JSON that means
``"12"`` → 12, ``1.0`` → 1, ``true`` → 1 and ``false`` → 0 for an ``int``; ``"yes"``, ``"on"``,
``1`` → True for a ``bool``. Convenient for query strings (where everything *is* a string) —
and in a JSON body it accepts what no correct client sends:

    POST /orders/preview/lax    {"quantity": "12", "unit_price_cents": false, "gift_wrap": "yes"}
    -> 200 {"quantity": 12, "unit_price_cents": 0, "gift_wrap": true, "total_cents": 0}

Twelve gift-wrapped items for free, because a client bug sent ``false`` for the price. The
strict route answers 422 for each of those fields: a number must arrive as a JSON number,
a whole one; a boolean as ``true``/``false``.

Why strictness per field (``types.Money``, ``types.Quantity``, ``StrictBool``) and not
``model_config = ConfigDict(strict=True)``: FastAPI parses the body with ``json.loads`` and
validates the *Python* objects, where strict mode wants real ``datetime``/``UUID`` objects — so
a model-wide strict flag would refuse every ISO date string. Strict where lax would accept
nonsense; lax where the JSON spelling of a type *is* a string.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from day17_validation.nesting import DepthLimitedRoute
from day17_validation.types import Money, Quantity

router = APIRouter(prefix="/orders/preview", route_class=DepthLimitedRoute, tags=["lax vs strict"])


class LaxOrder(BaseModel):
    """Pydantic's defaults: the bounds hold, but the types bend."""

    model_config = ConfigDict(extra="forbid")

    quantity: int = Field(ge=1, le=100)
    unit_price_cents: int = Field(ge=0, le=100_000_000)
    gift_wrap: bool = False


class StrictOrder(BaseModel):
    """The same fields and bounds, with strict types: the JSON type must be the right one."""

    model_config = ConfigDict(extra="forbid")

    quantity: Quantity
    unit_price_cents: Money
    gift_wrap: StrictBool = False


class OrderPreview(BaseModel):
    quantity: int
    unit_price_cents: int
    gift_wrap: bool
    total_cents: int


@router.post("/lax", response_model=OrderPreview)
async def preview_lax(order: LaxOrder) -> OrderPreview:
    """Coerces: "12" is 12, false is 0, "yes" is true. Try it, then try /strict."""
    return _preview(order)


@router.post("/strict", response_model=OrderPreview)
async def preview_strict(order: StrictOrder) -> OrderPreview:
    """Refuses what lax mode coerces: 422 unless each value has the right JSON type."""
    return _preview(order)


def _preview(order: LaxOrder | StrictOrder) -> OrderPreview:
    return OrderPreview(**order.model_dump(), total_cents=order.quantity * order.unit_price_cents)
