from fastapi import FastAPI

from shared.app import create_app as base
from tests.sample_lesson import LESSON


def create_app() -> FastAPI:
    app = base(LESSON)

    @app.post("/echo")
    async def echo(body: dict[str, str]) -> dict[str, str]:
        return body

    return app
