"""The schemas: ``Author`` and ``Book``, each a Pydantic model that is also a MongoDB collection.

Side by side with Mongoose::

    const Author = mongoose.model("Author", new Schema({            class Author(Document):
      name:  {type: String, required: true, maxLength: 100},            name: Name
      email: {type: String, required: true, lowercase: true,            email: Email
              unique: true, match: /.../},                              ...
    }, {timestamps: true}));                                            meta = Meta("authors", (Index("email", unique=True),))

The constrained types below are shared with the API's input models (``schemas.py``), so a
field is checked by the same rule whether it arrives in a request or is read back.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from day16_odm.document import Document, Index, Meta, ObjectIdField


def _encodable(value: str) -> str:
    # JSON may carry a lone surrogate (\ud800); BSON (UTF-8) cannot store one. Refuse it
    # here as a 422 rather than let the driver fail on it as a 500.
    value.encode("utf-8")
    return value


#: checked after the constraints, so their messages ("at most 100 characters") stay the plain ones
UTF8 = AfterValidator(_encodable)
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), UTF8]
# lowercase: true — Ada@Example.org and ada@example.org are one person, so one unique key.
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
    ),
    UTF8,
]
Bio = Annotated[str, StringConstraints(max_length=500), UTF8]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), UTF8]
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=SLUG_PATTERN)]
Tag = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=30), UTF8
]
Year = Annotated[int, Field(ge=-3000, le=2100)]
Status = Literal["draft", "published"]


def slugify(text: str) -> str:
    """ "Der Zauberberg!" -> "der-zauberberg" (accents folded, everything else a dash)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:120].strip("-")


class Author(Document):
    meta: ClassVar[Meta] = Meta("authors", indexes=(Index("email", unique=True),))

    name: Name
    email: Email
    bio: Bio | None = None


class Book(Document):
    meta: ClassVar[Meta] = Meta(
        "books",
        indexes=(
            Index("slug", unique=True),
            # populate's reverse question ("this author's books") and the delete check use it
            Index("author_id"),
            Index("status", "year"),
        ),
    )

    title: Title
    slug: Slug
    # A reference, like Mongoose's {type: ObjectId, ref: "Author"}: populate.py follows it.
    author_id: ObjectIdField
    year: Year
    tags: Annotated[list[Tag], Field(max_length=10)] = []
    status: Status = "draft"  # a default, written into the document (not applied on read)

    @model_validator(mode="before")
    @classmethod
    def _slug_from_title(cls, data: Any) -> Any:
        # A pre('validate') hook: derive the slug when none is given. A title with no letters
        # or digits ("!!!") gives an empty slug, which the Slug type then refuses: a 422.
        if (
            isinstance(data, dict)
            and data.get("slug") is None
            and isinstance(data.get("title"), str)
        ):
            data = {**data, "slug": slugify(data["title"])}
        return data


#: every stored model, for ensure_indexes() at start-up
MODELS: tuple[type[Document], ...] = (Author, Book)
