"""Day 19 app: a shop API only signed clients may call, and a webhook only the provider can sign.

* ``POST /orders``, ``GET /orders``, ``GET /orders/{id}`` — HMAC-signed by a client (``request_signing.py``);
* ``POST /webhooks/payments`` — an Ed25519-signed event from the payment provider (``webhooks.py``);
* ``GET /webhooks/events`` — what the webhook endpoint accepted, to look at (not signed).

Neither signed route declares a body model: each gets the verified raw bytes from its
dependency and parses them afterwards (``schemas.py:parse``).
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request

from day19_signatures import LESSON
from day19_signatures.keys import SignatureSettings, refuse_development_keys
from day19_signatures.replay import Clock, NonceStore
from day19_signatures.request_signing import RequestVerifier, Signed, signed_request
from day19_signatures.schemas import (
    NewOrder,
    Order,
    PaymentEvent,
    ReceivedEvent,
    json_body,
    parse,
)
from day19_signatures.webhooks import Delivery, WebhookVerifier, verified_webhook
from shared.errors import NotFound, problem_responses
from shared.service import create_service
from shared.settings import get_settings

router = APIRouter()
SIGNED_PROBLEMS = problem_responses(400, 401, 413, 422)


@router.post(
    "/orders",
    status_code=201,
    response_model=Order,
    tags=["orders (HMAC-signed)"],
    responses=SIGNED_PROBLEMS,
    openapi_extra=json_body(NewOrder),
)
async def create_order(
    request: Request, signed: Annotated[Signed, Depends(signed_request)]
) -> Order:
    body = parse(NewOrder, signed.body)  # after the signature: strangers get no validation hints
    orders: list[Order] = request.app.state.orders
    order = Order(id=len(orders) + 1, item=body.item, quantity=body.quantity, client=signed.key_id)
    orders.append(order)
    return order


@router.get(
    "/orders",
    response_model=list[Order],
    tags=["orders (HMAC-signed)"],
    responses=SIGNED_PROBLEMS,
)
async def list_orders(
    request: Request,
    signed: Annotated[Signed, Depends(signed_request)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[Order]:
    """The caller's own orders; the query string is signed, so ``limit`` cannot be changed in transit."""
    mine = [o for o in request.app.state.orders if o.client == signed.key_id]
    return mine[:limit]


@router.get(
    "/orders/{order_id}",
    response_model=Order,
    tags=["orders (HMAC-signed)"],
    responses=problem_responses(400, 401, 404, 413, 422),
)
async def get_order(
    request: Request,
    signed: Annotated[Signed, Depends(signed_request)],
    order_id: Annotated[int, Path(ge=1, le=2**31)],
) -> Order:
    """One of the caller's orders. The path is signed: a signature for /orders/1 fails on /orders/2."""
    for order in request.app.state.orders:
        # Another client's order is "not found" too: no hint that the id exists.
        if order.id == order_id and order.client == signed.key_id:
            return order
    raise NotFound(f"you have no order {order_id}")


@router.post(
    "/webhooks/payments",
    response_model=ReceivedEvent,
    tags=["webhooks (Ed25519-signed)"],
    responses=SIGNED_PROBLEMS,
    openapi_extra=json_body(PaymentEvent),
)
async def receive_payment_event(
    request: Request, delivery: Annotated[Delivery, Depends(verified_webhook)]
) -> ReceivedEvent:
    event = parse(PaymentEvent, delivery.body)
    received = ReceivedEvent(
        webhook_id=delivery.msg_id,
        type=event.type,
        payment_id=event.data.payment_id,
        amount_cents=event.data.amount_cents,
        currency=event.data.currency,
    )
    request.app.state.events.append(received)
    return received


@router.get(
    "/webhooks/events", response_model=list[ReceivedEvent], tags=["webhooks (Ed25519-signed)"]
)
async def list_events(
    request: Request, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> list[ReceivedEvent]:
    """The latest events the webhook endpoint accepted, newest last."""
    return request.app.state.events[-limit:]


def create_app(settings: SignatureSettings | None = None, *, clock: Clock = time.time) -> FastAPI:
    """The lesson's app; tests pass their own ``settings`` and a ``clock`` they can move."""
    settings = settings or SignatureSettings()
    refuse_development_keys(settings, production=get_settings().production)
    app = create_service(LESSON)
    app.state.request_verifier = RequestVerifier(
        settings.secrets_by_key_id(), settings.window_s, NonceStore(clock), clock
    )
    app.state.webhook_verifier = WebhookVerifier(
        settings.webhook_public_key, settings.window_s, NonceStore(clock), clock
    )
    app.state.orders = []
    app.state.events = []
    app.include_router(router)
    return app
