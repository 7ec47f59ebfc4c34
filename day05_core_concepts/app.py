"""Wire the notes service together: the one place that knows every layer, so no layer knows another.

``create_app`` builds the repository, hands it to the service, mounts the routers and decides the
app-wide HTTP policy: the body-size limit from ``shared.settings``, 400 for a body that is not
JSON at all, and a 405 that lists every method the path allows.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import Match

from day05_core_concepts import LESSON
from day05_core_concepts.lifecycle import ArrivalClock
from day05_core_concepts.lifecycle import router as lifecycle_router
from day05_core_concepts.notes.repositories import InMemoryIdempotencyKeys, InMemoryNoteRepository
from day05_core_concepts.notes.routers import NoteError, note_error_response
from day05_core_concepts.notes.routers import router as notes_router
from day05_core_concepts.notes.services import NoteService
from shared.settings import Settings, get_settings


class Health(BaseModel):
    status: str = "ok"
    day: int = LESSON.day


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = get_settings() if settings is None else settings
    app = FastAPI(
        title=f"Day {LESSON.day:02d} · {LESSON.title}",
        description="\n".join(f"* {bullet.text}" for bullet in LESSON.learn),
        # FastAPI reads a body of any size unless told otherwise; a client could make the server
        # buffer gigabytes before validation even starts. Over the limit: 413, nothing read further.
        max_body_size=settings.max_body_bytes,
        exception_handlers={
            NoteError: note_error_response,
            RequestValidationError: not_json_is_400,
            405: method_not_allowed,
        },
    )
    app.state.repository = InMemoryNoteRepository()
    app.state.service = NoteService(app.state.repository, InMemoryIdempotencyKeys())

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> RedirectResponse:
        # Nothing lives at "/": send a browser to the docs. root_path keeps the prefix when the
        # app is mounted inside another one (python -m course serve puts it at /day05).
        return RedirectResponse(f"{request.scope.get('root_path', '')}{app.docs_url}")

    @app.get("/health", tags=["health"], response_model=Health)
    async def health() -> Health:
        """Liveness: the process is up and answering."""
        return Health()

    app.include_router(notes_router)
    app.include_router(lifecycle_router)
    app.add_middleware(ArrivalClock)
    return app


async def not_json_is_400(request: Request, exc: Exception) -> JSONResponse:
    """A body that is not JSON is a broken request (400); valid JSON with bad fields is 422."""
    assert isinstance(exc, RequestValidationError)
    broken = [e for e in exc.errors() if e.get("type") == "json_invalid"]
    if broken:
        where = broken[0]["loc"][-1]
        reason = broken[0].get("ctx", {}).get("error", "invalid JSON")
        return JSONResponse({"detail": f"body is not valid JSON: {reason} (at {where})"}, 400)
    return await request_validation_exception_handler(request, exc)


async def method_not_allowed(request: Request, exc: Exception) -> JSONResponse:
    """405 with an ``Allow`` header naming every method of the path (RFC 9110 §15.5.6).

    Starlette's own 405 names only the first route that matched the path, so ``PUT /notes``
    would claim only GET is allowed, hiding POST.
    """
    assert isinstance(exc, HTTPException)
    # Included routers form a tree (FastAPI ≥ 0.137); iter_route_contexts walks it in order.
    allowed = {
        method
        for route in iter_route_contexts(request.app.routes)
        if route.matches(request.scope)[0] is not Match.NONE
        for method in route.methods or ()
    }
    return JSONResponse(
        {"detail": "Method Not Allowed"},
        status_code=405,
        headers={"Allow": ", ".join(sorted(allowed))},
    )
