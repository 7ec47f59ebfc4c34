"""Day 07's app: the tasks API the Postman collection and the pytest suite both test."""

from __future__ import annotations

from fastapi import FastAPI

from day07_api_testing import LESSON
from day07_api_testing.tasks import Board, router
from shared.app import create_app as create_lesson_app


def create_app() -> FastAPI:
    app = create_lesson_app(LESSON)
    app.state.board = Board()
    app.include_router(router)
    return app
