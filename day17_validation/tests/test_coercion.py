"""Lax vs strict, side by side: each payload lax mode coerces is a 422 on the strict route."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from .conftest import assert_problem

PRICE = 1250


@pytest.mark.parametrize(
    ("body", "lax_reads", "strict_refuses"),
    [
        ({"quantity": 3, "unit_price_cents": False}, {"unit_price_cents": 0}, "unit_price_cents"),
        ({"quantity": "12", "unit_price_cents": PRICE}, {"quantity": 12}, "quantity"),
        ({"quantity": 1.0, "unit_price_cents": PRICE}, {"quantity": 1}, "quantity"),
        ({"quantity": True, "unit_price_cents": PRICE}, {"quantity": 1}, "quantity"),
        (
            {"quantity": 2, "unit_price_cents": "1250"},
            {"unit_price_cents": PRICE},
            "unit_price_cents",
        ),
        (
            {"quantity": 1, "unit_price_cents": PRICE, "gift_wrap": "yes"},
            {"gift_wrap": True},
            "gift_wrap",
        ),
        (
            {"quantity": 1, "unit_price_cents": PRICE, "gift_wrap": 1},
            {"gift_wrap": True},
            "gift_wrap",
        ),
    ],
    ids=[
        "false-as-0",
        "string-12",
        "float-1.0",
        "true-as-1",
        "string-price",
        "yes-as-true",
        "1-as-true",
    ],
)
async def test_lax_coerces_what_strict_refuses(
    client: Any, body: dict, lax_reads: dict, strict_refuses: str
) -> None:
    lax = await client.post("/orders/preview/lax", json=body)
    assert lax.status_code == 200, lax.text
    assert lax.json().items() >= lax_reads.items()
    strict = await client.post("/orders/preview/strict", json=body)
    problem = assert_problem(strict, 422)
    assert [e["loc"] for e in problem["errors"]] == [["body", strict_refuses]]


async def test_false_as_a_price_makes_the_lax_order_free(client: Any) -> None:
    body = {"quantity": "12", "unit_price_cents": False, "gift_wrap": "yes"}
    lax = await client.post("/orders/preview/lax", json=body)
    assert lax.json() == {
        "quantity": 12,
        "unit_price_cents": 0,
        "gift_wrap": True,
        "total_cents": 0,
    }
    strict = assert_problem(await client.post("/orders/preview/strict", json=body), 422)
    assert {e["type"] for e in strict["errors"]} == {"int_type", "bool_type"}


async def test_both_agree_on_well_typed_input(client: Any) -> None:
    body = {"quantity": 3, "unit_price_cents": PRICE, "gift_wrap": True}
    expected = {**body, "total_cents": 3 * PRICE}
    for route in ("lax", "strict"):
        r = await client.post(f"/orders/preview/{route}", json=body)
        assert r.status_code == 200 and r.json() == expected


@pytest.mark.parametrize(
    "body",
    [
        {"quantity": 1.5, "unit_price_cents": PRICE},  # not a whole number: even lax refuses
        {"quantity": "twelve", "unit_price_cents": PRICE},
        {"quantity": 0, "unit_price_cents": PRICE},
        {"quantity": 101, "unit_price_cents": PRICE},
        {"quantity": 1, "unit_price_cents": -5},
        {"quantity": 1, "unit_price_cents": PRICE, "discount_cents": 1250},  # unknown field
        {"quantity": 1},
        [],
    ],
)
async def test_both_refuse_out_of_range_unknown_or_missing_fields(client: Any, body: Any) -> None:
    for route in ("lax", "strict"):
        assert_problem(await client.post(f"/orders/preview/{route}", json=body), 422)


def test_why_strictness_is_per_field_model_wide_strict_refuses_json_dates() -> None:
    """FastAPI validates json.loads() output, so model-wide strict wants a datetime *object*."""

    class Everything(BaseModel):
        model_config = ConfigDict(strict=True)
        at: datetime

    parsed_json = {"at": "2025-01-01T00:00:00Z"}  # what FastAPI hands Pydantic
    with pytest.raises(ValidationError) as caught:
        Everything.model_validate(parsed_json)
    assert caught.value.errors()[0]["type"] == "datetime_type"
