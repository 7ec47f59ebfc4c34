"""Day 01: the smallest useful backend — a JSON API and the page that calls it.

The server owns the rules: it decides which requests are valid, answers with a status code and
a JSON body, and serves the page. The page (``index.html``) only asks and displays.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from day01_intro import LESSON
from day01_intro.responsibilities import DUTIES, Duty

PAGE = Path(__file__).with_name("index.html")

# Limits are part of the contract: a name is a short label, a message fits in a tweet. Without
# them one client could send megabytes that every later step has to carry.
MAX_NAME = 40
MAX_MESSAGE = 280


class Health(BaseModel):
    status: str = "ok"
    day: int = LESSON.day


class Greeting(BaseModel):
    message: str


class EchoIn(BaseModel):
    # "forbid": a typo such as {"mesage": ...} is an error, not a silently ignored field.
    model_config = ConfigDict(extra="forbid")

    message: str = Field(min_length=1, max_length=MAX_MESSAGE)


class EchoOut(BaseModel):
    you_sent: str
    length: int


def create_app() -> FastAPI:
    """Build the app. A factory (not a module-level ``app``) so ``--reload`` can rebuild it."""
    app = FastAPI(
        title=f"Day {LESSON.day:02d} · {LESSON.title}",
        description="\n".join(f"* {bullet.text}" for bullet in LESSON.learn),
        version="1.0.0",
    )

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        """The client: a static page. The server sends the same bytes to everyone."""
        return FileResponse(PAGE, media_type="text/html")

    @app.get("/health", response_model=Health)
    async def health() -> Health:
        """Liveness: answers 200 as long as the process can serve a request."""
        return Health()

    # region: greeting
    @app.get("/api/greeting", response_model=Greeting)
    async def greeting(
        name: Annotated[str, Query(min_length=1, max_length=MAX_NAME)] = "world",
    ) -> Greeting:
        """GET with a query string: `/api/greeting?name=Ada`."""
        # FastAPI has already checked `name` against the limits above; a bad value never
        # reaches this line, the client gets 422 with the reason instead.
        return Greeting(message=f"Hello, {name}!")

    # endregion

    @app.post("/api/echo", response_model=EchoOut)
    async def echo(body: EchoIn) -> EchoOut:
        """POST with a JSON body: the server validates it, then answers with what it understood."""
        return EchoOut(you_sent=body.message, length=len(body.message))

    @app.get("/api/responsibilities", response_model=list[Duty])
    async def responsibilities() -> tuple[Duty, ...]:
        """What a backend is for, and the day of the course that teaches each duty."""
        return DUTIES

    return app
