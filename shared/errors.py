"""Introduced on Day 09: one error format for every failure — RFC 9457 problem details.

Whatever goes wrong, the client gets ``application/problem+json``::

    {"type": "about:blank", "title": "Not Found", "status": 404,
     "detail": "no book with id 7", "instance": "/books/7", "request_id": "3f2a…"}

* validation errors (422) list each bad field under ``errors`` — without echoing the input
  back, since it may hold a password;
* ``HTTPException`` and routing errors (404, 405) keep their status and headers;
* domain errors (``DomainError`` subclasses) map to the status they declare; an
  ``ExceptionGroup`` (from a ``TaskGroup``) made only of domain errors answers as its first one;
* anything unexpected becomes a 500 whose body says only "Internal Server Error" in production
  (no stack trace, no exception text) while the log keeps the full traceback with the request id.

Routes document the problems they answer with ``responses=problem_responses(404, 409)``.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.middleware import current_request_id
from shared.settings import get_settings

log = logging.getLogger("course.errors")
PROBLEM_JSON = "application/problem+json"
#: a validation answer lists at most this many fields: a 1 MB body of bad items must not
#: turn into a 50 MB error response
MAX_FIELD_ERRORS = 50
_STANDARD_MEMBERS = ("type", "title", "status", "detail", "instance", "request_id")
# problem()'s own parameters: an extension member by one of these names is dropped
_RESERVED = frozenset(_STANDARD_MEMBERS) | {"headers"}


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """The error body (RFC 9457), documented in every lesson's OpenAPI."""

    # RFC 9457 §3.2: a problem type may add its own members (``balance``, ``retry_after``…).
    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = None


class DomainError(Exception):
    """A failure the business rules define; subclasses pick the status code.

    ``type`` is a URI naming the kind of problem (``about:blank`` means "just the status");
    ``title`` its short, fixed summary (the status phrase when left ``None``); ``detail``
    this occurrence. Keyword arguments become extension members of the body, except
    ``headers``, which are sent as response headers (``Retry-After``, ``WWW-Authenticate``).
    """

    status: int = 400
    type: str = "about:blank"
    title: str | None = None

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers
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
    """An upstream did not answer in time (504)."""

    status = 504


def problem(
    status: int,
    detail: str | None = None,
    *,
    instance: str | None = None,
    type: str = "about:blank",
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """Build a problem+json response; extension members go in ``extra``.

    Extension members never replace the standard ones (RFC 9457 §3.2), so a domain error
    cannot forge, say, the ``status`` or the ``request_id``.
    """
    body: dict[str, Any] = {
        "type": type,
        "title": title or _title(status),
        "status": status,
        "detail": detail,
        "instance": instance,
        # "-" means "outside RequestContext": say nothing rather than send a fake id.
        "request_id": None if (rid := current_request_id()) == "-" else rid,
    }
    body.update((k, v) for k, v in extra.items() if k not in _STANDARD_MEMBERS)
    return JSONResponse(
        jsonable_encoder({k: v for k, v in body.items() if v is not None}),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: these statuses answer with a Problem (for ``/docs``)."""
    ref = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {s: {"description": _title(s), "content": {PROBLEM_JSON: ref}} for s in statuses}


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    # loc/msg/type only: Pydantic's ``input`` and ``ctx`` would echo what the client sent.
    all_errors = exc.errors()
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in all_errors[:MAX_FIELD_ERRORS]
    ]
    detail = "the request is not valid"
    if len(all_errors) > MAX_FIELD_ERRORS:
        detail += f" (first {MAX_FIELD_ERRORS} of {len(all_errors)} errors shown)"
    return problem(422, detail, instance=request.url.path, errors=errors)


async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem(exc.status_code, detail, instance=request.url.path, headers=exc.headers)


async def _on_domain(request: Request, exc: DomainError) -> JSONResponse:
    return problem(
        exc.status,
        exc.detail,
        instance=request.url.path,
        type=exc.type,
        title=exc.title,
        headers=exc.headers,
        **{k: v for k, v in exc.extra.items() if k not in _RESERVED},
    )


async def _on_group(request: Request, exc: ExceptionGroup) -> JSONResponse:  # type: ignore[type-arg]
    """A ``TaskGroup`` wraps what its tasks raised; answer for it only if all are domain errors.

    One ``NotFound`` from a task means 404, as it would without the group. A bug among them
    must not hide behind a 404: re-raised, it becomes a logged 500.
    """
    domain, rest = exc.split(DomainError)
    if domain is None or rest is not None:
        raise exc
    first: BaseException = domain
    while isinstance(first, BaseExceptionGroup):
        first = first.exceptions[0]
    return await _on_domain(request, first)  # type: ignore[arg-type]


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
        started = finished = False

        async def tracking_send(message: Message) -> None:
            nonlocal started, finished
            if message["type"] == "http.response.start":
                started = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                finished = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            rid = current_request_id()
            # The log keeps everything, tied to the request id the client also sees.
            log.error(
                "unhandled error on %s %s%s [request %s]",
                scope["method"],
                scope["path"],
                " after the response was sent" if finished else "",
                rid,
                exc_info=exc,
                extra={"request_id": rid},
            )
            if finished:
                # e.g. a background task failed: the client already has its whole answer,
                # nothing can change it now. Logged; re-raising would only log it twice.
                return
            if started:  # half a response is out: all we can do is drop the connection
                raise
            detail = None if get_settings().production else f"{type(exc).__name__}: {exc}"
            await problem(500, detail, instance=scope["path"])(scope, receive, send)


def install_problem_handlers(app: FastAPI) -> None:
    """Route every kind of failure through ``problem()`` and document it in OpenAPI."""
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(DomainError, _on_domain)
    app.add_exception_handler(ExceptionGroup, _on_group)
    app.add_middleware(UnexpectedErrors)
    _document_problems(app)


def _document_problems(app: FastAPI) -> None:
    """Make the OpenAPI say what the handlers really send: 422 is a Problem, not FastAPI's shape."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        # FastAPI caches the schema (and rebuilds it when routes change); the rewrite below is
        # idempotent, so it runs on whatever FastAPI hands back.
        schema = generate()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        for key, sub in problem_schema.pop("$defs", {}).items():
            schemas.setdefault(key, sub)
        schemas["Problem"] = problem_schema
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
