"""A request and a response are plain data; the server and the ASGI adapter only move bytes.

Keeping them framework-free is what lets one handler (``handler.py``) run behind two servers:
our own asyncio server (``server.py``) and uvicorn (``asgi.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

PROBLEM_JSON = "application/problem+json"


@dataclass(slots=True)
class Request:
    """One parsed HTTP request. Header names are lower-case; a repeated field is comma-joined."""

    method: str
    path: str  # percent-decoded, without the query
    query: str = ""  # raw, still percent-encoded: parse it with urllib.parse.parse_qs
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    version: str = "1.1"


@dataclass(slots=True)
class Response:
    """What a handler returns. The server adds Content-Length, Date and Connection itself."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


Handler = Callable[[Request], Response]


class HTTPError(Exception):
    """A request the server refuses before any handler sees it (bad framing, limits, time)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def json_response(data: Any, status: int = 200, content_type: str = "application/json") -> Response:
    body = json.dumps(data, separators=(",", ":")).encode()
    return Response(status, [("Content-Type", content_type)], body)


def problem(status: int, detail: str, headers: list[tuple[str, str]] | None = None) -> Response:
    """An error as RFC 9457 problem details, the one error format this course uses."""
    data = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    data["detail"] = detail
    response = json_response(data, status, PROBLEM_JSON)
    response.headers += headers or []
    return response
