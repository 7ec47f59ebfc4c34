"""Reusable constrained types: each rule written once, as a type, and used by every model.

``Annotated[str, Field(...), AfterValidator(...)]`` is a type like any other: a model field,
a query parameter or a ``TypeAdapter`` can use it, and the rule comes along. Read each one as
"what a value must be" — the order matters:

1. the base type checks the kind of value (a dict where a string belongs fails here: that is
   what stops ``{"$ne": null}``); ``Strict()`` switches off lax coercion for that field;
2. ``Field`` constraints bound the raw input (length, range) — before any work on it;
3. ``AfterValidator`` functions normalise and check what is left (``normalise.py``).

The messages never repeat the input (the shared 422 handler shows them to the client).
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field, HttpUrl, JsonValue, Strict, UrlConstraints

from day17_validation.nesting import depth_of
from day17_validation.normalise import (
    fold_email,
    identifier_key,
    refuse_control_characters,
    text_nfc,
)

_USERNAME = re.compile(r"[a-z][a-z0-9_]{2,31}")


def _username(raw: str) -> str:
    key = identifier_key(raw)
    # ASCII only *after* NFKC: full-width letters became ASCII and pass; Cyrillic "е" (U+0435)
    # stays Cyrillic and fails. That is how an ASCII allow-list sidesteps the confusables
    # UTS #39 catalogues — a Unicode username would need its "skeleton" checks instead.
    if not _USERNAME.fullmatch(key):
        raise ValueError(
            "3-32 characters: a-z, 0-9 and _, starting with a letter "
            "(checked after NFKC normalisation and case folding)"
        )
    return key


#: an account name, one spelling per name: "  ＥＶＥ " and "eve" are the same user.
#: The raw bound (64) comes first: NFKC can lengthen a string ("ﷺ" becomes 18 characters).
Username = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_username)]

#: an e-mail address, trimmed and lower-cased (see ``normalise.fold_email`` for the caveat)
Email = Annotated[str, Field(min_length=3, max_length=254), AfterValidator(fold_email)]

#: a password: bounded (hashing a megabyte is a denial of service), never trimmed or folded —
#: every character the user typed counts. Control characters are refused so it always encodes.
Password = Annotated[
    str, Field(min_length=8, max_length=128), AfterValidator(refuse_control_characters)
]


def _text(max_chars: int, *, multiline: bool = False) -> AfterValidator:
    """Trimmed NFC text of 1..``max_chars`` characters, counted after trimming."""

    def check(raw: str) -> str:
        text = text_nfc(raw, multiline=multiline)
        if not text:
            raise ValueError("must not be blank")
        if len(text) > max_chars:
            raise ValueError(f"at most {max_chars} characters")
        return text

    return AfterValidator(check)


#: a person's name as they write it: any script, NFC, trimmed, one line, at most 50 characters
DisplayName = Annotated[str, Field(min_length=1, max_length=80), _text(50)]

#: a comment: at most 2000 characters, several lines allowed, no control characters
CommentText = Annotated[str, Field(min_length=1, max_length=2200), _text(2000, multiline=True)]

#: a URL path segment: refused, not "fixed" — guessing which page "Hello World!" meant is
#: how two URLs end up naming one thing (or one name meaning two)
Slug = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]

#: a link a user gives us: http(s) only — "javascript:alert(1)" is a URL too, and no amount of
#: HTML escaping makes it safe in an href, so the scheme is validated, not escaped
WebUrl = Annotated[HttpUrl, UrlConstraints(max_length=300, allowed_schemes=["http", "https"])]

#: money as whole cents in a strict int: 0.1 + 0.2 != 0.3 in floating point, and "12" is not
#: an amount. Bounded, because an int that does not fit BSON's int64 cannot be stored (a 500).
Money = Annotated[int, Strict(), Field(ge=0, le=100_000_000)]

#: how many of something: a strict int in a range
Quantity = Annotated[int, Strict(), Field(ge=1, le=100)]

# --- free-form JSON, bounded ---------------------------------------------------------------

MAX_JSON_DEPTH = 3
MAX_JSON_NODES = 100
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,31}")
_SAFE_INT = 2**53  # what a JavaScript client can read back exactly, and well inside int64


def _bounded_json(value: dict[str, Any]) -> dict[str, Any]:
    """Free-form JSON a client may store: shallow, small, and made of things MongoDB can keep."""
    if depth_of(value) > MAX_JSON_DEPTH:
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
    nodes = 0
    todo: list[Any] = [value]
    while todo:
        item = todo.pop()
        nodes += 1
        if nodes > MAX_JSON_NODES:
            raise ValueError(f"more than {MAX_JSON_NODES} values in all")
        if isinstance(item, dict):
            # A key like "$set" or "a.b" means something to MongoDB (an operator, a path); a
            # NUL ends a BSON key. Plain names only.
            if not all(_KEY.fullmatch(k) for k in item):
                raise ValueError("keys are 1-32 letters, digits and _, starting with a letter")
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, str):
            if len(item) > 200:
                raise ValueError("strings are at most 200 characters")
            refuse_control_characters(item)
        elif isinstance(item, bool) or item is None:
            pass
        elif isinstance(item, int) and not -_SAFE_INT <= item <= _SAFE_INT:
            raise ValueError("integers are at most 2**53 in size")
        elif isinstance(item, float) and not math.isfinite(item):
            # json.loads accepts NaN and Infinity; JSON itself has neither, and the response
            # encoder refuses them (a 500 on every later read of this document).
            raise ValueError("numbers must be finite")
    return value


#: a small JSON object the client owns (UI preferences): ≤ 20 keys, ≤ 3 levels, ≤ 100 values
JsonObject = Annotated[dict[str, JsonValue], Field(max_length=20), AfterValidator(_bounded_json)]
