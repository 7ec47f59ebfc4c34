"""The service as first written. It works on the happy path — and fails review five times.

Every flaw is marked ``# FLAW:``; ``reviewed.py`` is the same API with each one fixed.
This app is mounted at ``/flawed`` and kept out of the lesson's OpenAPI: it is the thing
under review, not an API to publish (and it answers 500 to bad input, which a fuzzer finds).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request

from day10_project_review.data import Order

# FLAW: a live credential in the source: it ends up in git history, in every clone, in logs
# of every CI run that prints the file. Rotate it and read it from the environment instead.
PAYMENT_API_KEY = "sk_live_51Hx9aB2cD3eF4gH5iJ6kL7mN8oP9qR0s"


async def list_orders(request: Request) -> list[dict[str, Any]]:
    shop = request.app.state.shop
    result = []
    # FLAW: unbounded — returns every order, however many there are.
    for order in shop.orders:
        # FLAW: N+1 — one network call per order to fetch its customer.
        customer = await shop.customer(order.customer_id)
        result.append({"id": order.id, "customer": customer.name, "total_cents": order.total_cents})
    return result


async def report(request: Request) -> dict[str, str]:
    # FLAW: blocking I/O in an async handler — the event loop (every request) waits.
    return {"report": request.app.state.shop.read_report_blocking()}


async def create_order(request: Request) -> dict[str, Any]:
    # FLAW: no validation — whatever JSON arrives is trusted.
    body = await request.json()
    shop = request.app.state.shop
    order_id = len(shop.orders) + 1
    shop.orders.append(Order(order_id, body["customer_id"], body["total_cents"]))
    return {"id": order_id, "charged_with": PAYMENT_API_KEY[:7] + "…"}


def create_flawed_app() -> FastAPI:
    app = FastAPI(title="Day 10 · the flawed service", openapi_url=None, docs_url=None)
    app.get("/orders")(list_orders)
    app.get("/report")(report)
    app.post("/orders")(create_order)
    return app
