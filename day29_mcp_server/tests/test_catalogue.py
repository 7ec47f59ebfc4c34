"""The domain service both doors call: search, a bounded notebook, unit conversion."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from day29_mcp_server.catalogue import Library, NotebookFull, NoteIn
from day29_mcp_server.units import IncompatibleUnits, convert
from shared.errors import NotFound


def test_search_needs_every_word_and_respects_the_limit() -> None:
    library = Library()
    titles = [b.title for b in library.search_books("distributed databases", limit=5)]
    assert titles == ["Designing Data-Intensive Applications", "Database Internals"]
    assert len(library.search_books("", limit=3)) == 3
    assert library.search_books("KLEPPMANN")[0].id == 1  # case does not matter
    assert library.search_books("cobol") == []


def test_notes_get_ids_and_must_name_a_real_book() -> None:
    library = Library()
    first = library.add_note(NoteIn(title="  Lag  ", body="replicas trail", book_id=1))
    assert (first.id, first.title) == (1, "Lag")  # whitespace stripped
    assert library.get_note(1) == first
    with pytest.raises(NotFound, match="no book with id 99"):
        library.add_note(NoteIn(title="t", body="b", book_id=99))
    with pytest.raises(NotFound):
        library.get_note(2)
    assert library.stats().notes == 1, "a refused note is not stored"


def test_the_notebook_is_bounded() -> None:
    library = Library(max_notes=2)
    for i in range(2):
        library.add_note(NoteIn(title=f"n{i}", body="b"))
    with pytest.raises(NotebookFull) as caught:
        library.add_note(NoteIn(title="one too many", body="b"))
    assert caught.value.status == 409
    assert library.stats().notes == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "   ", "body": "b"},
        {"title": "t" * 121, "body": "b"},
        {"title": "t", "body": "b" * 4001},
        {"title": "t", "body": "b", "book_id": 0},
        {"title": "t", "body": "b", "colour": "red"},
    ],
)
def test_note_limits(fields: dict) -> None:
    with pytest.raises(ValidationError):
        NoteIn(**fields)


def test_units_convert_within_a_dimension_only() -> None:
    assert convert(1, "mi", "km").result == 1.609344
    assert convert(16, "oz", "lb").result == 1.0
    with pytest.raises(IncompatibleUnits, match="length"):
        convert(1, "m", "kg")
