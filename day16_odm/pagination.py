"""Cursor (keyset) pagination on ``_id``: "the next 20 after this one", not "skip 4000".

``skip(n)`` makes the server walk past ``n`` documents on every page, so page 200 costs 200
pages of work, and a document inserted meanwhile shifts every later page by one (you see an
item twice, or never). A keyset page asks the index for documents *after the last one seen*:
``{_id: {$lt: last}}`` sorted by ``_id`` descending — the same cost for every page, and
stable while others write. ObjectIds start with their creation second, so ``_id`` order is
(roughly) newest first, and it is unique, so there are no ties to break.

The cursor a client gets is **opaque**: base64url of a small JSON object. Clients pass it
back unchanged; the format can change without breaking them. It carries only a position,
not permissions — the filter is rebuilt from the request each time — so a forged cursor can
only start a page somewhere else. Anything that does not decode to exactly that shape
(garbage, a truncated string, ``{"after": {"$gt": ""}}``) is a 422, never a query.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING, Any

from bson import ObjectId

from day16_odm.document import OBJECT_ID_RE
from shared.errors import DomainError

if TYPE_CHECKING:
    from day16_odm.query import Query

#: the page size a client gets without asking, and the most it may ask for
DEFAULT_PAGE = 20
MAX_PAGE = 100
CURSOR_VERSION = 1


class InvalidCursor(DomainError):
    status = 422
    type = "/problems/invalid-cursor"
    title = "Invalid cursor"

    def __init__(self) -> None:
        super().__init__(
            "the cursor is not one this API issued; use the 'next' value of a previous page, "
            "or leave 'after' out to start from the first page"
        )


def encode_cursor(last_id: ObjectId) -> str:
    raw = json.dumps({"v": CURSOR_VERSION, "after": str(last_id)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> ObjectId:
    """The ``_id`` a cursor points after, or InvalidCursor — whatever the client sent."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError):  # bad base64, bad UTF-8, bad JSON
        raise InvalidCursor() from None
    # Exactly our shape, or nothing: a dict in "after" would be an operator in the query.
    if not (
        isinstance(data, dict)
        and data.keys() == {"v", "after"}
        and type(data["v"]) is int  # not True, which == 1 in Python
        and data["v"] == CURSOR_VERSION
        and isinstance(data["after"], str)
        and OBJECT_ID_RE.fullmatch(data["after"])
    ):
        raise InvalidCursor()
    return ObjectId(data["after"])


async def page_of(
    query: Query[Any], *, after: str | None, size: int, lean: bool = False
) -> tuple[list[Any], str | None]:
    """Run ``query`` as one page: ``(items, next cursor or None)``.

    One document more than the page is fetched: if it exists there is a next page, and the
    client is spared a last request that returns nothing.
    """
    if query.sort_keys:
        raise ValueError("a keyset page is ordered by _id: pass an unsorted query")
    if after is not None:
        query.where({"_id": {"$lt": decode_cursor(after)}})
    query.sort("-_id").limit(size + 1)
    items: list[Any] = await (query.lean() if lean else query.all())
    if len(items) <= size:
        return items, None
    items = items[:size]
    last = items[-1]["_id"] if lean else items[-1].id
    return items, encode_cursor(last)
