"""Introduced on Day 09: ``create_service`` — ``create_app`` plus the middleware and error format.

From Day 09 on every lesson starts here, so every lesson has the same request id, timing
header, access log and problem+json errors without repeating a line of set-up.

The layers, outermost first (a request goes down this list, its response comes back up)::

    RequestContext     request id, Server-Timing, one access-log line   (shared.middleware)
    UnexpectedErrors   an escaped exception -> logged 500 problem       (shared.errors)
    BodyLimit          bodies over Settings.max_body_bytes -> 413       (shared.app)
    ...                middleware passed as create_service(lesson, middleware=[...])
    exception handlers validation / HTTP / domain errors -> problem+json (shared.errors)
    your routes

``app.add_middleware(...)`` called *after* ``create_service`` puts a layer outside all of
these (it runs before the request id exists, and its own crashes are not turned into
problems); pass ``middleware=[Middleware(...)]`` to place it inside instead.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from shared.app import create_app
from shared.errors import install_problem_handlers
from shared.lesson import Lesson
from shared.middleware import RequestContext, configure_logging
from shared.settings import get_settings


def create_service(lesson: Lesson, **kwargs: Any) -> FastAPI:
    """``create_app(lesson, **kwargs)`` with problem+json errors and the request context."""
    configure_logging(get_settings().log_level)
    app = create_app(lesson, **kwargs)
    install_problem_handlers(app)
    # Added last, so it is the outermost layer: it times and logs everything, 413s included.
    app.add_middleware(RequestContext)
    return app
