"""Introduced on Day 09: one error format for every failure — RFC 9457 problem details.

Whatever goes wrong, the client gets ``application/problem+json``::

    {"type": "about:blank", "title": "Not Found", "status": 404,
     "detail": "no book with id 7", "instance": "/books/7", "request_id": "3f2a…"}

* validation errors (422) list each bad field under ``errors`` — without echoing the input
  back, since it may hold a password;
* ``HTTPException`` and routing errors (404, 405) keep their status;
* domain errors (``DomainError`` subclasses) map to the status they declare;
* anything unexpected becomes a 500 whose body says only "Internal Server Error" in production
  (no stack trace, no exception text) while the log keeps the full traceback with the request id.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.middleware import current_request_id
from shared.settings import get_settings

log = logging.getLogger("course.errors")
PROBLEM_JSON = "application/problem+json"


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """The error body (RFC 9457), documented in every lesson's OpenAPI."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = None


class DomainError(Exception):
    """A failure the business rules define; subclasses pick the status code."""

    status: int = 400
    type: str = "about:blank"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class Unauthorized(DomainError):
    status = 401


class Forbidden(DomainError):
    status = 403


class ServiceUnavailable(DomainError):
    """A backend the lesson needs is down: say so, never pretend (503)."""

    status = 503


class BadGateway(DomainError):
    """An upstream (a model, another service) answered nonsense (502)."""

    status = 502


class GatewayTimeout(DomainError):
    status = 504


def problem(
    status: int,
    detail: str | None = None,
    *,
    instance: str | None = None,
    type: str = "about:blank",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """Build a problem+json response; extension members go in ``extra``."""
    body: dict[str, Any] = {
        "type": type,
        "title": _title(status),
        "status": status,
        "detail": detail,
        "instance": instance,
        "request_id": current_request_id(),
    }
    body.update(extra)
    return JSONResponse(
        jsonable_encoder({k: v for k, v in body.items() if v is not None}),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    return problem(422, "the request is not valid", instance=request.url.path, errors=errors)


async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem(exc.status_code, detail, instance=request.url.path, headers=exc.headers)


async def _on_domain(request: Request, exc: DomainError) -> JSONResponse:
    headers = exc.extra.pop("headers", None)
    return problem(
        exc.status,
        exc.detail,
        instance=request.url.path,
        type=exc.type,
        headers=headers,
        **exc.extra,
    )


class UnexpectedErrors:
    """Turn any exception a handler lets escape into a 500 problem, and log it in full.

    This is an ASGI middleware rather than an ``Exception`` handler: Starlette runs those
    outside every middleware (after the request id is gone) and re-raises afterwards.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            # The log keeps everything, tied to the request id the client also sees.
            log.error(
                "unhandled error on %s %s [request %s]",
                scope["method"],
                scope["path"],
                current_request_id(),
                exc_info=exc,
            )
            if started:  # half a response is out: all we can do is drop the connection
                raise
            detail = None if get_settings().production else f"{type(exc).__name__}: {exc}"
            await problem(500, detail, instance=scope["path"])(scope, receive, send)


def install_problem_handlers(app: FastAPI) -> None:
    """Route every kind of failure through ``problem()`` and document it in OpenAPI."""
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(DomainError, _on_domain)
    app.add_middleware(UnexpectedErrors)
    _document_problems(app)


def _document_problems(app: FastAPI) -> None:
    """Make the OpenAPI say what the handlers really send: 422 is a Problem, not FastAPI's shape."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = original()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        for key, sub in schemas["Problem"].pop("$defs", {}).items():
            schemas.setdefault(key, sub)
        ref = {"schema": {"$ref": "#/components/schemas/Problem"}}
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                responses = operation.get("responses", {})
                if "422" in responses:
                    responses["422"] = {
                        "description": "Validation Error",
                        "content": {PROBLEM_JSON: ref},
                    }
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
