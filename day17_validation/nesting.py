"""Bounding JSON nesting depth — counted on the raw bytes, before a parser recurses into them.

``json.loads`` recurses once per ``[`` or ``{``. A 1 MB body of ``[[[[…`` (well under the
shared body limit) is a million levels: Python gives up with ``RecursionError`` deep inside
the parser, after the work is done. Shallower but still silly depths get through the parser
and then cost every recursive walk after it — and MongoDB refuses documents nested deeper than
100 levels, so such a body that reached ``insert_one`` would end as a 500.

:class:`DepthLimitedRoute` counts brackets on the raw body first (strings skipped, so a ``[``
inside a comment does not count) and answers 422 when the depth passes :data:`MAX_DEPTH`,
before FastAPI parses anything. It is FastAPI's documented way to run code around a route's
own request handling: a custom ``APIRoute`` class, given to ``APIRouter(route_class=...)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

#: the deepest body any route of the lesson accepts: its largest real body is 4 levels deep
MAX_DEPTH = 10

# A JSON string: a quote, then runs of plain characters or backslash escapes, then a quote.
# Written "unrolled" (no alternation inside the star), so it runs in linear time.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_OPEN = frozenset(b"[{")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def depth_of_raw(body: bytes, limit: int = MAX_DEPTH) -> int:
    """How deep ``body``'s brackets nest, counted up to ``limit + 1`` (then it stops looking)."""
    brackets = _STRING.sub(b'""', body).translate(None, _NOT_BRACKETS)
    depth = deepest = 0
    for byte in brackets:
        depth = depth + 1 if byte in _OPEN else depth - 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def depth_of(value: Any) -> int:
    """The nesting depth of a parsed JSON value: ``1`` for ``{}``/``[]``, ``0`` for a scalar."""
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    return 0


def too_deep(limit: int) -> RequestValidationError:
    """The 422 the shared handler answers as problem+json, like any other validation error."""
    return RequestValidationError(
        [
            {
                "type": "json_too_deep",
                "loc": ("body",),
                "msg": f"JSON nested deeper than {limit} levels",
                "input": None,
            }
        ]
    )


class DepthLimitedRoute(APIRoute):
    """An ``APIRoute`` whose handler refuses bodies nested deeper than ``MAX_DEPTH`` with 422."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def depth_checked(request: Request) -> Response:
            if request.method in ("POST", "PUT", "PATCH"):
                # request.body() keeps the bytes, so FastAPI's own parsing reads them again for free.
                if depth_of_raw(await request.body()) > MAX_DEPTH:
                    raise too_deep(MAX_DEPTH)
            return await handler(request)

        return depth_checked
