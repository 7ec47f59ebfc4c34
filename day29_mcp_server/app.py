"""Day 29 app: the library's REST routes, and the same library as an MCP server at ``/mcp/``.

* ``GET  /books?q=&limit=``  — search the catalogue       (MCP tool ``search_books``)
* ``GET  /books/{book_id}``  — one book
* ``GET  /notes``, ``POST /notes``, ``GET /notes/{note_id}`` (MCP tool ``add_note``,
  resource ``notes://{note_id}``)
* ``GET  /stats``            — counts                      (MCP resource ``catalogue://stats``)
* ``GET  /convert``          — unit conversion             (MCP tool ``convert_units``)
* ``/mcp/``                  — MCP over streamable HTTP: JSON-RPC in POST bodies, answers
  as JSON or an SSE stream; a Starlette app mounted here, so it is not in the OpenAPI

Both doors call one ``Library``: what a model adds through MCP, a REST client reads.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import FastAPI, Path, Query
from mcp.server.transport_security import TransportSecuritySettings

from day29_mcp_server import LESSON
from day29_mcp_server.catalogue import (
    Book,
    BookId,
    Library,
    Limit,
    Note,
    NoteId,
    NoteIn,
    Stats,
)
from day29_mcp_server.mcp_server import build_server
from day29_mcp_server.units import Conversion, Unit, Value, convert
from shared.errors import problem_responses
from shared.service import create_service

#: a browser page on another site may POST to a server on localhost; so may a DNS name that
#: an attacker re-points at 127.0.0.1 (DNS rebinding). Only local names and origins get in.
LOCAL_ONLY = TransportSecuritySettings(
    enable_dns_rebinding_protection=True,
    allowed_hosts=["127.0.0.1:*", "localhost:*", "[::1]:*"],
    allowed_origins=["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"],
)


def create_app() -> FastAPI:
    library = Library()
    mcp = build_server(library)
    # A Starlette app answering MCP at its own root; mounted at /mcp it serves /mcp/.
    mcp_app = mcp.streamable_http_app(streamable_http_path="/", transport_security=LOCAL_ONLY)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Starlette does not run a mounted app's lifespan, and the session manager must be
        # running (it owns the task group every MCP session lives in) before /mcp/ answers.
        async with mcp.session_manager.run():
            yield

    app = create_service(LESSON, lifespan=lifespan)
    app.state.library = library
    app.state.mcp = mcp

    @app.get("/books", tags=["books"], response_model=list[Book], responses=problem_responses(422))
    async def search_books(
        q: Annotated[str, Query(max_length=100, description="words that must all match")] = "",
        limit: Annotated[Limit, Query()] = 5,
    ) -> list[Book]:
        """Books whose title, author or subjects contain every word of ``q``."""
        return library.search_books(q, limit)

    @app.get(
        "/books/{book_id}",
        tags=["books"],
        response_model=Book,
        responses=problem_responses(404, 422),
    )
    async def get_book(book_id: Annotated[BookId, Path()]) -> Book:
        return library.get_book(book_id)

    @app.get("/notes", tags=["notes"], response_model=list[Note])
    async def list_notes() -> list[Note]:
        return library.list_notes()

    @app.post(
        "/notes",
        tags=["notes"],
        status_code=201,
        response_model=Note,
        responses=problem_responses(404, 409, 422),
    )
    async def add_note(note: NoteIn) -> Note:
        """Save a note; ``book_id``, when given, must name a book (404 otherwise)."""
        return library.add_note(note)

    @app.get(
        "/notes/{note_id}",
        tags=["notes"],
        response_model=Note,
        responses=problem_responses(404, 422),
    )
    async def get_note(note_id: Annotated[NoteId, Path()]) -> Note:
        return library.get_note(note_id)

    @app.get("/stats", tags=["catalogue"], response_model=Stats)
    async def stats() -> Stats:
        return library.stats()

    @app.get(
        "/convert", tags=["units"], response_model=Conversion, responses=problem_responses(422)
    )
    async def convert_units(
        value: Annotated[Value, Query()], from_unit: Unit, to_unit: Unit
    ) -> Conversion:
        """Convert a length or a mass; across the two (metres to kilograms) is a 422."""
        return convert(value, from_unit, to_unit)

    app.mount("/mcp", mcp_app, name="mcp")
    return app
