"""Introduced on Day 09: ``create_service`` — ``create_app`` plus the middleware and error format.

From Day 09 on every lesson starts here, so every lesson has the same request id, timing
header, access log and problem+json errors without repeating a line of set-up.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from shared.app import create_app
from shared.errors import install_problem_handlers
from shared.lesson import Lesson
from shared.middleware import RequestContext


def create_service(lesson: Lesson, **kwargs: Any) -> FastAPI:
    app = create_app(lesson, **kwargs)
    install_problem_handlers(app)
    # Added last, so it is the outermost layer: it times and logs everything, 413s included.
    app.add_middleware(RequestContext)
    return app
