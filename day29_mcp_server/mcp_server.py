"""The MCP server: the library's tools, resources and prompts, declared as typed Python functions.

``MCPServer`` (the mcp 2.x name of what 1.x called FastMCP) reads each function's signature:
parameter names, types and ``Annotated`` limits become the tool's input JSON Schema, the
docstring its description, the return type its output schema. It validates the arguments a
client sends against that schema before our code runs. The server is transport-free: the
same object is served over stdio (``stdio_server.py``) and over streamable HTTP (``app.py``).

* tools      — actions the *model* may decide to take: ``search_books``, ``add_note``,
  ``convert_units``
* resources  — data the *host application* reads by URI: ``catalogue://stats`` and the
  template ``notes://{note_id}``
* prompts    — message templates the *user* picks from a menu: ``summarise_note``
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from mcp.server.mcpserver import MCPServer, UserMessage
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS, EmbeddedResource, TextResourceContents, ToolAnnotations
from pydantic import Field

from day29_mcp_server.catalogue import (
    Body,
    Book,
    BookId,
    Library,
    Limit,
    Note,
    NoteIn,
    Query,
    Title,
)
from day29_mcp_server.units import Conversion, Unit, Value, convert
from shared.errors import DomainError

SERVER_NAME = "backend-nexus-library"
INSTRUCTIONS = (
    "A small library. Use search_books to find books and their ids, add_note to keep a "
    "reading note (about a book when you pass its book_id), and read notes://{note_id} to "
    "see a note again."
)


def build_server(library: Library) -> MCPServer:
    """A new MCP server over ``library`` (one per app: its HTTP session manager runs once)."""
    with _root_logging_left_alone():
        server = MCPServer(
            SERVER_NAME, title="Backend Nexus library", version="1.0.0", instructions=INSTRUCTIONS
        )

    # Every handler is `async def`: MCPServer runs a plain `def` in a worker thread, and the
    # Library is shared with the REST routes on the event loop, unlocked.

    # region: search_books
    @server.tool(annotations=ToolAnnotations(read_only_hint=True, open_world_hint=False))
    async def search_books(query: Query, limit: Limit = 5) -> list[Book]:
        """Search the library catalogue by title, author or subject. Every word must match."""
        return library.search_books(query, limit)
        # endregion

    @server.tool(
        annotations=ToolAnnotations(
            read_only_hint=False, destructive_hint=False, idempotent_hint=False
        )
    )
    async def add_note(title: Title, body: Body, book_id: BookId | None = None) -> Note:
        """Save a reading note, optionally about one book (its id comes from search_books)."""
        with domain_errors_as_tool_errors():
            return library.add_note(NoteIn(title=title, body=body, book_id=book_id))

    @server.tool(annotations=ToolAnnotations(read_only_hint=True, idempotent_hint=True))
    async def convert_units(value: Value, from_unit: Unit, to_unit: Unit) -> Conversion:
        """Convert a length or a mass from one unit to another."""
        with domain_errors_as_tool_errors():
            return convert(value, from_unit, to_unit)

    @server.resource(
        "catalogue://stats",
        name="stats",
        title="Catalogue statistics",
        mime_type="application/json",
    )
    async def stats() -> str:
        """How many books and notes the library holds, and the subjects it covers."""
        return library.stats().model_dump_json()

    # A template: the host fills {note_id} in. URI variables arrive as strings, so the id is
    # parsed here: a non-number is "no such resource", not a crash of the template.
    @server.resource(
        "notes://{note_id}", name="note", title="A reading note", mime_type="text/markdown"
    )
    async def note(note_id: str) -> str:
        """One reading note, as Markdown."""
        found = _find_note(library, note_id)
        if found is None:
            raise ResourceNotFoundError(f"no note with id {note_id[:20]}")  # -32602
        return as_markdown(found)

    @server.prompt(title="Summarise a note")
    async def summarise_note(
        note_id: Annotated[str, Field(description="The id of the note to summarise")],
    ) -> list[UserMessage]:
        """Ask the model for a three-bullet summary of one reading note."""
        found = _find_note(library, note_id)
        if found is None:
            # An MCPError is sent as it is; any other exception here would reach the
            # client as the SDK's catch-all error (code 0) with a generic message.
            raise MCPError(code=INVALID_PARAMS, message=f"no note with id {note_id[:20]}")
        attached = EmbeddedResource(
            type="resource",
            resource=TextResourceContents(
                uri=f"notes://{found.id}", mime_type="text/markdown", text=as_markdown(found)
            ),
        )
        return [
            UserMessage("Summarise this reading note in three short bullet points."),
            UserMessage(attached),
        ]

    return server


@contextmanager
def domain_errors_as_tool_errors() -> Iterator[None]:
    """Turn a ``DomainError`` into a ``ToolError``: an anticipated failure the model can read.

    MCPServer answers a ``ToolError`` with ``isError: true`` and its message, so the model
    can correct itself ("no book with id 99" -> search first). Any other exception counts
    as a crash: the model sees only "Error executing tool add_note" and the server logs a
    traceback. REST turns the very same ``DomainError`` into a problem+json response.
    """
    try:
        yield
    except DomainError as exc:
        raise ToolError(exc.detail) from exc


def as_markdown(note: Note) -> str:
    about = f"\n\n_About book {note.book_id}._" if note.book_id is not None else ""
    return f"# {note.title}\n\n{note.body}{about}\n"


def _find_note(library: Library, raw_id: str) -> Note | None:
    if not (raw_id.isascii() and raw_id.isdecimal() and len(raw_id) <= 7):
        return None
    try:
        return library.get_note(int(raw_id))
    except DomainError:
        return None


@contextmanager
def _root_logging_left_alone() -> Iterator[None]:
    """Build an MCPServer without letting it configure the process's logging.

    ``MCPServer()`` calls ``logging.basicConfig`` with a Rich handler on the root logger. In a
    lesson process that would print every ``course.*`` log line twice (our handler, then the
    root's) and switch every library's INFO lines on. ``basicConfig`` does nothing when the
    root logger already has a handler, so one is there for the moment of construction.
    """
    root = logging.getLogger()
    placeholder = logging.NullHandler()
    root.addHandler(placeholder)
    try:
        yield
    finally:
        root.removeHandler(placeholder)
