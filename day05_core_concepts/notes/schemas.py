"""Schemas are the service's edge: exactly what a client may send, and exactly what it gets back.

Everything a request carries is checked here, before a rule runs or a byte is stored: unknown
fields, wrong types and oversized text are refused with 422, so a rejected request writes nothing.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

TITLE_MAX = 200
BODY_MAX = 10_000
#: the largest page GET /notes hands out: a client cannot ask the server to serialise everything
MAX_PAGE_SIZE = 100
#: offsets are bounded too: an absurd one is a client bug, and a database would scan that far
MAX_OFFSET = 1_000_000

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX)]
Body = Annotated[str, StringConstraints(max_length=BODY_MAX)]


class StrictInput(BaseModel):
    # extra="forbid": a typo such as "titel" is an error the client sees, not data silently lost.
    # strict=True: "yes" is not a boolean and 7 is not a title; no guessing what the client meant.
    model_config = ConfigDict(extra="forbid", strict=True)


class NoteIn(StrictInput):
    """The whole note, for POST and PUT. A field left out takes its default: PUT replaces it all."""

    title: Title
    body: Body = ""
    pinned: bool = False


class NotePatch(StrictInput):
    """PATCH: only the fields sent change; the others keep their value."""

    title: Title | None = None
    body: Body | None = None
    pinned: bool | None = None

    @model_validator(mode="after")
    def no_nulls(self) -> NotePatch:
        # "title": null would mean "remove the title", which a note cannot be without.
        for name in self.model_fields_set:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self


class Note(BaseModel):
    """A note as the client sees it. ``version`` is also sent as the ``ETag`` header."""

    id: int
    title: str
    body: str
    pinned: bool
    version: int = Field(description="bumped on every change that alters the note")


class ErrorDetail(BaseModel):
    """The body of a 400, 404, 409 or 412 (Day 09 gives every error one richer format)."""

    detail: str


class NotePage(BaseModel):
    items: list[Note]
    total: int
    limit: int
    offset: int
