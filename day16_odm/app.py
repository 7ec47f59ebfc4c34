"""Day 16 app: authors and books over the model layer — CRUD, cursor pages, projection, populate.

The routes are thin: they parse the request (FastAPI + the input models), call the model
layer, and return models. Every failure is a ``DomainError`` the shared handlers answer as
problem+json; no route builds an error body or touches a raw collection.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from bson import ObjectId
from fastapi import APIRouter, FastAPI, Path, Query, Response
from fastapi.responses import JSONResponse
from starlette.middleware import Middleware

from day16_odm import LESSON, sample_data
from day16_odm.document import ObjectIdField
from day16_odm.indexes import ensure_indexes
from day16_odm.models import MODELS, Author, Book, Status
from day16_odm.pagination import DEFAULT_PAGE, MAX_PAGE, page_of
from day16_odm.populate import authors_one_by_one, populate_authors
from day16_odm.schemas import (
    AuthorIn,
    AuthorPatch,
    BookFields,
    BookIn,
    BookPatch,
    BookWithAuthor,
    Page,
)
from shared.dbwatch import ShowCommands
from shared.errors import Conflict, DomainError, NotFound, problem_responses
from shared.mongo import Db, mongo_lifespan
from shared.service import create_service

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase

DB_NAME = "day16_odm"

AuthorId = Annotated[ObjectIdField, Path(description="a 24-hex ObjectId")]
BookId = Annotated[ObjectIdField, Path(description="a 24-hex ObjectId")]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"at most {MAX_PAGE}")]
After = Annotated[
    str | None, Query(max_length=200, description="the `next` of the previous page, unchanged")
]
PROJECTABLE = [name for name in BookFields.model_fields if name != "id"]
_ONE = "|".join(PROJECTABLE)
Fields = Annotated[
    str | None,
    Query(
        max_length=200,
        # The allowed names are in the pattern, so /docs (and a fuzzer) knows them, and an
        # unknown one is a 422 before the handler runs.
        pattern=f"^({_ONE})(,({_ONE}))*$",
        description="comma-separated fields to return (id always comes too): a lean read",
    ),
]


class UnknownReference(DomainError):
    status = 422
    type = "/problems/unknown-reference"
    title = "Reference to a missing document"


router = APIRouter()


# --- authors -------------------------------------------------------------------------------


@router.post("/authors", status_code=201, response_model=Author, responses=problem_responses(409))
async def create_author(body: AuthorIn, db: Db) -> Author:
    return await Author.create(db, **body.model_dump())


@router.get("/authors", response_model=Page[Author])
async def list_authors(db: Db, after: After = None, limit: PageSize = DEFAULT_PAGE) -> Page[Author]:
    items, next_cursor = await page_of(Author.find(db), after=after, size=limit)
    return Page[Author](items=items, next=next_cursor)


@router.get("/authors/{author_id}", response_model=Author, responses=problem_responses(404))
async def get_author(author_id: AuthorId, db: Db) -> Author:
    return await Author.get(db, author_id)


@router.patch("/authors/{author_id}", response_model=Author, responses=problem_responses(404, 409))
async def update_author(author_id: AuthorId, body: AuthorPatch, db: Db) -> Author:
    return await Author.update(db, author_id, body.changes())


@router.delete("/authors/{author_id}", status_code=204, responses=problem_responses(404, 409))
async def delete_author(author_id: AuthorId, db: Db) -> Response:
    # MongoDB has no foreign keys: keeping references whole is the application's job.
    if await Book.find(db, author_id=author_id).exists():
        raise Conflict(f"author {author_id} still has books; delete those first")
    await Author.delete(db, author_id)
    return Response(status_code=204)


# --- books ---------------------------------------------------------------------------------


@router.post("/books", status_code=201, response_model=Book, responses=problem_responses(409))
async def create_book(body: BookIn, db: Db) -> Book:
    await _author_exists(db, body.author_id)
    return await Book.create(db, **body.model_dump())


@router.get("/books", response_model=Page[BookFields])
async def list_books(
    db: Db,
    author_id: Annotated[ObjectIdField | None, Query()] = None,
    status: Status | None = None,
    fields: Fields = None,
    after: After = None,
    limit: PageSize = DEFAULT_PAGE,
) -> Any:
    """Newest first. With `?fields=` the read is lean: projected dicts, not validated models."""
    query = Book.find(db, **_present(author_id=author_id, status=status))
    if fields is None:
        items, next_cursor = await page_of(query, after=after, size=limit)
        return Page[Book](items=items, next=next_cursor)
    query.select(*fields.split(","))
    raw, next_cursor = await page_of(query, after=after, size=limit, lean=True)
    # Lean all the way: the dicts go to JSON as they came, no model built on the way out.
    items = [{"id": str(doc.pop("_id")), **_lean_json(doc)} for doc in raw]
    return JSONResponse({"items": items, "next": next_cursor})


@router.get("/books/with-authors", response_model=Page[BookWithAuthor])
async def list_books_with_authors(
    db: Db,
    join: Annotated[
        Literal["in", "naive"],
        Query(description="`in`: one $in query for all authors; `naive`: one query per book"),
    ] = "in",
    after: After = None,
    limit: PageSize = DEFAULT_PAGE,
) -> Page[BookWithAuthor]:
    """A page of books with their authors. Compare the `x-db-commands` header of both joins."""
    books, next_cursor = await page_of(Book.find(db), after=after, size=limit)
    joiner = populate_authors if join == "in" else authors_one_by_one
    return Page[BookWithAuthor](items=await joiner(db, books), next=next_cursor)


@router.get("/books/{book_id}", response_model=Book, responses=problem_responses(404))
async def get_book(book_id: BookId, db: Db) -> Book:
    return await Book.get(db, book_id)


@router.patch("/books/{book_id}", response_model=Book, responses=problem_responses(404, 409))
async def update_book(book_id: BookId, body: BookPatch, db: Db) -> Book:
    return await Book.update(db, book_id, body.changes())


@router.delete("/books/{book_id}", status_code=204, responses=problem_responses(404))
async def delete_book(book_id: BookId, db: Db) -> Response:
    await Book.delete(db, book_id)
    return Response(status_code=204)


async def _author_exists(db: AsyncDatabase, author_id: ObjectId) -> None:
    try:
        await Author.get(db, author_id)
    except NotFound:
        raise UnknownReference(
            f"no author with id {author_id}",
            errors=[{"loc": ["body", "author_id"], "msg": "no such author", "type": "reference"}],
        ) from None


def _present(**conditions: Any) -> dict[str, Any]:
    return {name: value for name, value in conditions.items() if value is not None}


def _lean_json(value: Any) -> Any:
    """A driver value as JSON: ObjectId -> hex, datetime -> ISO 8601, the rest as it is."""
    if isinstance(value, dict):
        return {k: _lean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lean_json(v) for v in value]
    if isinstance(value, ObjectId):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value


# --- the app -------------------------------------------------------------------------------


def create_app(
    db: AsyncDatabase | None = None, *, db_name: str = DB_NAME, seed: bool | None = None
) -> FastAPI:
    """The lesson's app. ``db``: use this database (tests) instead of opening ``db_name``.

    ``seed`` fills an empty database with sample authors and books; by default only when
    the app opens its own database (``python -m day16_odm``), never a test's.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if db is None:
                await stack.enter_async_context(mongo_lifespan(db_name)(app))
            else:
                app.state.db = db
            # Before the first request: a unique index that does not exist yet protects nothing.
            await ensure_indexes(app.state.db, MODELS)
            if seed if seed is not None else db is None:
                await sample_data.seed(app.state.db)
            yield

    app = create_service(LESSON, lifespan=lifespan, middleware=[Middleware(ShowCommands)])
    app.include_router(router)
    return app
