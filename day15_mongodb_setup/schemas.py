"""What the API accepts and answers: bounded fields, unknown fields refused, no nulls smuggled in.

Validation happens here, before any database call, so a refused request never writes anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

Sku = Annotated[
    str,
    Field(
        pattern=r"^[A-Z0-9][A-Z0-9-]{2,31}$",
        description="3–32 characters: A–Z, 0–9 and '-'; unique (a unique index enforces it)",
        examples=["MUG-001"],
    ),
]
Name = Annotated[str, Field(min_length=1, max_length=120, examples=["Coffee mug"])]
Category = Annotated[str, Field(pattern=r"^[a-z0-9-]{1,40}$", examples=["kitchen"])]
Price = Annotated[int, Field(ge=0, le=100_000_000, description="in cents", examples=[1250])]
Stock = Annotated[int, Field(ge=0, le=1_000_000)]
Tag = Annotated[str, Field(pattern=r"^[a-z0-9-]{1,30}$")]
Tags = Annotated[list[Tag], Field(max_length=10)]


class Strict(BaseModel):
    # A typo ("prize") is an error, not a field silently stored in the document.
    model_config = ConfigDict(extra="forbid")


class ProductIn(Strict):
    sku: Sku
    name: Name
    category: Category
    price_cents: Price
    stock: Stock = 0
    tags: Tags = []


class ProductPatch(Strict):
    """Only the fields sent are ``$set``; ``null`` is refused rather than stored."""

    sku: Sku | None = None
    name: Name | None = None
    category: Category | None = None
    price_cents: Price | None = None
    stock: Stock | None = None
    tags: Tags | None = None

    @model_validator(mode="after")
    def something_to_set(self) -> ProductPatch:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        nulls = sorted(name for name in self.model_fields_set if getattr(self, name) is None)
        if nulls:
            raise ValueError(f"null is not a value for {', '.join(nulls)}: leave the field out")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class Product(BaseModel):
    id: str = Field(description="the document's _id, an ObjectId as 24 hex digits")
    sku: str
    name: str
    category: str
    price_cents: int
    stock: int
    tags: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime


class ProductPage(BaseModel):
    items: list[Product]
    #: the filter document the query sent, as you would type it in mongosh or Compass
    filter: dict[str, Any]
    limit: int
    skip: int
    #: documents matching the filter (not just this page)
    total: int
