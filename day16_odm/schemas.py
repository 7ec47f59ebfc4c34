"""What the API accepts and returns, next to (not instead of) the stored models.

A client may not choose ``id``, ``created_at`` or ``updated_at``, so the input models leave
them out, and they refuse unknown fields: ``{"emial": …}`` is a 422, not a silently dropped
key. Outputs are the stored models themselves (``Author``, ``Book``), or a page of them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from day16_odm.document import ObjectIdField
from day16_odm.models import Author, Bio, Book, Email, Name, Slug, Status, Tag, Title, Year

T = TypeVar("T")


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AuthorIn(Input):
    name: Name
    email: Email
    bio: Bio | None = None


class BookIn(Input):
    title: Title
    slug: Slug | None = Field(None, description="derived from the title when left out")
    author_id: ObjectIdField
    year: Year
    tags: list[Tag] = Field(default=[], max_length=10)
    status: Status = "draft"


class Patch(Input):
    """Only the fields sent are changed (``exclude_unset``); an empty patch is refused."""

    @model_validator(mode="after")
    def _not_empty(self) -> Any:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class AuthorPatch(Patch):
    # `None` is accepted by the type so that {"bio": null} can clear the bio; a null name is
    # refused later, when the whole changed document is validated (Document.update).
    name: Name | None = None
    email: Email | None = None
    bio: Bio | None = None


class BookPatch(Patch):
    title: Title | None = None
    slug: Slug | None = None
    year: Year | None = None
    tags: list[Tag] | None = Field(default=None, max_length=10)
    status: Status | None = None


class Page(BaseModel, Generic[T]):
    """One page of a list and the cursor to the next (``null`` on the last page)."""

    items: list[T]
    next: str | None = Field(description="pass as ?after= to get the next page; opaque")


class BookFields(BaseModel):
    """A projected book (``?fields=title,year``): ``id`` and only the fields asked for."""

    id: ObjectIdField
    title: str | None = None
    slug: str | None = None
    author_id: ObjectIdField | None = None
    year: int | None = None
    tags: list[str] | None = None
    status: Status | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class BookWithAuthor(Book):
    """A book with its author filled in — what Mongoose's ``populate("author")`` hands back."""

    author: Author | None = Field(description="null if the author no longer exists")
