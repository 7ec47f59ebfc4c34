"""The support desk's tools — and the ways they fail, on purpose and deterministically.

* ``get_order`` raises ``LookupError`` for an order that does not exist (``A9999``);
* ``track_parcel`` hangs for parcels sent with SlowPost (order ``A1002``): its carrier's API
  never answers, and only the per-tool ``asyncio.timeout`` ends the wait.

Everything else answers from fixed data, so a recorded run replays byte for byte.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, Field

from shared.agent import Tool, Toolbox

OrderId = Annotated[str, Field(pattern=r"^A\d{4}$", description="an order number such as A1001")]
TrackingId = Annotated[str, Field(pattern=r"^TR\d{4}$", description="a tracking id such as TR1001")]
SupportTool = Literal["get_order", "track_parcel"]
SUPPORT_TOOLS: tuple[str, ...] = get_args(SupportTool)
#: a carrier API that never answers (the timeout's test case)
STALLING_CARRIER = "SlowPost"


class Order(BaseModel):
    order_id: str
    status: str
    carrier: str | None
    tracking_id: str | None


class Parcel(BaseModel):
    tracking_id: str
    location: str
    eta_days: int


@dataclass
class Desk:
    orders: dict[str, Order] = field(default_factory=dict)
    parcels: dict[str, Parcel] = field(default_factory=dict)

    @classmethod
    def sample(cls) -> Desk:
        desk = cls()
        for order_id, status, carrier, tracking in (
            ("A1001", "shipped", "FastShip", "TR1001"),
            ("A1002", "shipped", STALLING_CARRIER, "TR1002"),
            ("A1003", "processing", None, None),
        ):
            desk.orders[order_id] = Order(
                order_id=order_id, status=status, carrier=carrier, tracking_id=tracking
            )
        desk.parcels["TR1001"] = Parcel(tracking_id="TR1001", location="Leipzig hub", eta_days=2)
        return desk


def support_tools(desk: Desk, *, timeout_s: float = 2.0) -> Toolbox:
    """The tools, bound to one desk; each runs under ``timeout_s``."""

    async def get_order(order_id: OrderId) -> Order:
        """Look up an order: its status, carrier and tracking id.

        Args:
            order_id: the order number
        """
        if order_id not in desk.orders:
            raise LookupError(f"no order {order_id}")
        return desk.orders[order_id]

    async def track_parcel(tracking_id: TrackingId) -> Parcel:
        """Find where a parcel is now, and when it should arrive, by its tracking id.

        Args:
            tracking_id: the carrier's tracking id
        """
        carrier = next(
            (o.carrier for o in desk.orders.values() if o.tracking_id == tracking_id), None
        )
        if carrier == STALLING_CARRIER:
            await asyncio.sleep(3600)  # the carrier's API hangs; the tool timeout ends it
        if tracking_id not in desk.parcels:
            raise LookupError(f"no parcel {tracking_id}")
        return desk.parcels[tracking_id]

    return Toolbox(Tool.from_function(f, timeout_s=timeout_s) for f in (get_order, track_parcel))
