"""Day 15 app: a products API on MongoDB, readiness, and connection strings taken apart.

Routes:

* ``GET  /ready``, ``GET /connection``            — is the database there, and which one is it
* ``POST /connection-strings/parse``              — a connection string split by PyMongo, redacted
* ``POST /products``                              — insertOne (409 on a duplicate sku)
* ``GET  /products``                              — find(filter).sort({sku: 1}).skip().limit()
* ``GET|PATCH|DELETE /products/{id}``             — findOne / updateOne($set) / deleteOne
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from day15_mongodb_setup import LESSON, products
from day15_mongodb_setup.connection_strings import (
    MAX_URI_CHARS,
    InvalidConnectionString,
    ParsedUri,
    parse,
)
from day15_mongodb_setup.readiness import connection, ready
from day15_mongodb_setup.schemas import Product, ProductIn, ProductPage, ProductPatch
from shared.errors import DomainError, problem_responses
from shared.mongo import Db, open_mongo
from shared.service import create_service

DB_NAME = "day15_mongodb_setup"
router = APIRouter()
ProductId = Annotated[str, Path(max_length=64, description="an ObjectId: 24 hex digits")]


class BadConnectionString(DomainError):
    status = 422
    type = "/problems/invalid-connection-string"
    title = "Not a valid connection string"


class ReadyOut(BaseModel):
    status: str
    backend: str
    ping_ms: float


class ConnectionOut(BaseModel):
    backend: str
    using: str
    switch_with: str
    hint: str
    database: str
    server: str
    server_version: str
    ping_ms: float


class UriIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # POST, not GET: a connection string may carry a password, and URLs end up in access logs.
    uri: str = Field(
        min_length=1,
        max_length=MAX_URI_CHARS,
        examples=["mongodb://app:secret@localhost:27017/shop?authSource=admin&appName=day15"],
    )


@router.get("/ready", response_model=ReadyOut, tags=["health"], responses=problem_responses(503))
async def readiness(db: Db) -> dict[str, Any]:
    """Readiness: ping the database. 503 (problem+json) when it cannot be reached."""
    return await ready(db)


@router.get(
    "/connection", response_model=ConnectionOut, tags=["health"], responses=problem_responses(503)
)
async def which_mongodb(db: Db) -> dict[str, Any]:
    """Which MongoDB this lesson opened (real or embedded), and how to switch."""
    return await connection(db)


@router.post(
    "/connection-strings/parse",
    response_model=ParsedUri,
    tags=["connection strings"],
    responses=problem_responses(413, 422),
)
async def parse_connection_string(body: UriIn) -> ParsedUri:
    """Split a connection string with `pymongo.uri_parser.parse_uri`. Passwords come back as `***`."""
    try:
        return parse(body.uri)
    except InvalidConnectionString as exc:
        raise BadConnectionString(str(exc)) from None


@router.post(
    "/products",
    status_code=201,
    response_model=Product,
    tags=["products"],
    responses=problem_responses(409, 413, 422),
)
async def create_product(body: ProductIn, db: Db, response: Response) -> dict[str, Any]:
    """`db.products.insertOne({...})` — 409 when the sku is taken."""
    created = await products.create(db, body.model_dump())
    response.headers["Location"] = f"/products/{created['id']}"
    return created


@router.get(
    "/products", response_model=ProductPage, tags=["products"], responses=problem_responses(422)
)
async def list_products(
    db: Db,
    category: Annotated[str | None, Query(pattern=r"^[a-z0-9-]{1,40}$")] = None,
    tag: Annotated[str | None, Query(pattern=r"^[a-z0-9-]{1,30}$")] = None,
    min_price: Annotated[int | None, Query(ge=0, le=100_000_000)] = None,
    max_price: Annotated[int | None, Query(ge=0, le=100_000_000)] = None,
    in_stock: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=products.MAX_LIMIT)] = 20,
    skip: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> dict[str, Any]:
    """`db.products.find({...}).sort({sku: 1}).skip(n).limit(20)` — never unbounded."""
    query = products.build_filter(category, tag, min_price, max_price, in_stock)
    items, total = await products.search(db, query, limit, skip)
    return {"items": items, "filter": query, "limit": limit, "skip": skip, "total": total}


@router.get(
    "/products/{product_id}",
    response_model=Product,
    tags=["products"],
    responses=problem_responses(404, 422),
)
async def get_product(product_id: ProductId, db: Db) -> dict[str, Any]:
    """`db.products.findOne({_id: ObjectId("...")})` — 422 for a malformed id, 404 for a missing one."""
    return await products.get(db, product_id)


@router.patch(
    "/products/{product_id}",
    response_model=Product,
    tags=["products"],
    responses=problem_responses(404, 409, 413, 422),
)
async def update_product(product_id: ProductId, body: ProductPatch, db: Db) -> dict[str, Any]:
    """`db.products.updateOne({_id: ...}, {$set: {...}})` — only the fields you send."""
    return await products.update(db, product_id, body.changes())


@router.delete(
    "/products/{product_id}",
    status_code=204,
    tags=["products"],
    responses=problem_responses(404, 422),
)
async def delete_product(product_id: ProductId, db: Db) -> Response:
    """`db.products.deleteOne({_id: ...})`."""
    await products.delete(db, product_id)
    return Response(status_code=204)


def lifespan(db: Any = None) -> Any:
    """Open the lesson's database (tests pass their own) and make sure its indexes exist."""

    @contextlib.asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            database = db
            if database is None:  # a PyMongo database has no truth value: compare with None
                database = await stack.enter_async_context(open_mongo(DB_NAME))
            await products.prepare(database)
            app.state.db = database
            yield

    return run


def create_app(db: Any = None) -> FastAPI:
    """The lesson's app; ``db`` (an ``AsyncDatabase``) replaces the lesson's own, for tests."""
    app = create_service(LESSON, lifespan=lifespan(db))
    app.include_router(router)
    return app
