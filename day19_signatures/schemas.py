"""What the signed endpoints accept and answer, and how a verified body becomes a model.

The routes declare no body parameter: FastAPI would parse the JSON *before* the signature
dependency ran, answering an unauthenticated caller with validation details. Instead the
signature is checked on the raw bytes and ``parse`` turns them into a model afterwards.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError


class NewOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item: str = Field(min_length=1, max_length=100)
    quantity: int = Field(ge=1, le=1000)


class Order(BaseModel):
    id: int
    item: str
    quantity: int
    #: the key id that signed the order: a verified signature *is* the caller's identity
    client: str


class Payment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    payment_id: str = Field(pattern=r"^pay_[A-Za-z0-9]{1,40}$")
    amount_cents: int = Field(ge=0, le=10**9)
    currency: str = Field(pattern=r"^[A-Z]{3}$")


class PaymentEvent(BaseModel):
    """A Standard Webhooks-shaped payload: ``type``, ``timestamp`` of the event, ``data``."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["payment.succeeded", "payment.failed", "payment.refunded"]
    timestamp: datetime
    data: Payment


class ReceivedEvent(BaseModel):
    webhook_id: str
    type: str
    payment_id: str
    amount_cents: int
    currency: str


M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], raw: bytes) -> M:
    """The verified bytes as ``model``, or the usual 422 problem (loc starts with "body")."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False, include_input=False)
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]) from None


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` that documents the body the route parses itself (for ``/docs``)."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(model.model_json_schema())}},
        }
    }


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    # "#/$defs/Payment" would point into the OpenAPI document's root, where nothing is:
    # replace each such reference by the (non-recursive) definition itself.
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(defs[node["$ref"].rsplit("/", 1)[1]])
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node

    return walk(schema)
