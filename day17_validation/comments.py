"""Comments on a page: validated on the way in, stored as written, escaped on the way out.

Nothing here "sanitises" — strips tags, deletes quotes, rewrites the text. The comment is
checked (a bounded, non-blank, NFC string without control characters) and then stored exactly;
``GET …/comments`` returns it exactly, and only ``GET /pages/{slug}`` — an HTML context — escapes
it (``escaping.py``). Stripping ``<`` at the door would mangle "if a < b" and still not protect
the next context (a CSV export, a shell, a regex), each of which needs its own escaping.

The search shows that second context: ``?contains=c++`` becomes a MongoDB ``$regex``, where
``+`` ``.`` ``(`` are operators. ``re.escape`` makes the text literal — the regex equivalent of
``html.escape`` — so a search for ``.*`` finds comments containing ".*", not every comment, and
a search cannot be a catastrophic-backtracking pattern (ReDoS).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from day17_validation.escaping import HTML_HEADERS, render_page
from day17_validation.nesting import DepthLimitedRoute
from day17_validation.normalise import text_nfc
from day17_validation.types import CommentText, DisplayName, Slug, WebUrl
from shared.mongo import Db

COMMENTS = "comments"
router = APIRouter(route_class=DepthLimitedRoute, tags=["comments"])

PageSlug = Annotated[Slug, Path(description="lower-case words joined by hyphens: `welcome`")]
Limit = Annotated[int, Query(ge=1, le=100, description="at most 100")]
Contains = Annotated[
    str | None,
    Query(min_length=1, max_length=50, description="text the comment contains (literal)"),
    AfterValidator(lambda raw: None if raw is None else text_nfc(raw)),
]


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: DisplayName
    text: CommentText
    website: WebUrl | None = None
    tags: list[Slug] = Field(default_factory=list, max_length=5)


class CommentOut(BaseModel):
    id: str
    page: str
    name: str
    text: str
    website: str | None
    tags: list[str]
    created_at: datetime


@router.post("/pages/{slug}/comments", status_code=201, response_model=CommentOut)
async def add_comment(slug: PageSlug, body: CommentIn, db: Db) -> CommentOut:
    comment = {
        "page": slug,
        "name": body.name,
        "text": body.text,  # as written: validated, not rewritten
        "website": None if body.website is None else str(body.website),
        "tags": body.tags,
        "created_at": _now(),
    }
    await db[COMMENTS].insert_one(comment)
    return _out(comment)


@router.get("/pages/{slug}/comments", response_model=list[CommentOut])
async def list_comments(
    slug: PageSlug, db: Db, contains: Contains = None, limit: Limit = 20
) -> list[CommentOut]:
    """Newest first, as stored (JSON is not HTML: the client escapes for wherever it shows them)."""
    return [_out(c) for c in await _recent(db, slug, contains, limit)]


@router.get("/pages/{slug}", response_class=HTMLResponse)
async def page_html(slug: PageSlug, db: Db, limit: Limit = 20) -> HTMLResponse:
    """The comments as an HTML page: escaped on output, under a Content-Security-Policy."""
    comments = await _recent(db, slug, None, limit)
    return HTMLResponse(render_page(slug, comments), headers=HTML_HEADERS)


async def _recent(db: Any, slug: str, contains: str | None, limit: int) -> list[dict[str, Any]]:
    query: dict[str, Any] = {"page": slug}
    if contains:
        # Literal text, case-insensitive: escaped for the regex context it is about to enter.
        query["text"] = {"$regex": re.escape(contains), "$options": "i"}
    return (
        await db[COMMENTS]
        .find(query)
        .sort([("created_at", -1), ("_id", -1)])
        .limit(limit)
        .to_list(limit)
    )


async def ensure_indexes(db: Any) -> None:
    await db[COMMENTS].create_index([("page", 1), ("created_at", -1)])


def _now() -> datetime:
    # BSON dates hold milliseconds: cut to that now, so the answer matches later reads.
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _out(comment: dict[str, Any]) -> CommentOut:
    return CommentOut(id=str(comment["_id"]), **{k: v for k, v in comment.items() if k != "_id"})
