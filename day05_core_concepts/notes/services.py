"""Services hold the rules — what may happen to a note — and know nothing about HTTP.

A rule that fails raises a ``NoteError``; which status code that becomes is the router's choice.
So the same rules could sit behind a command line, a queue consumer or a test, unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, replace

from day05_core_concepts.notes.repositories import (
    InMemoryIdempotencyKeys,
    InMemoryNoteRepository,
    KeyRecord,
    NoteRecord,
)
from day05_core_concepts.notes.schemas import NoteIn, NotePatch


class NoteError(Exception):
    """A rule said no. Subclasses name which rule."""


class NoteNotFound(NoteError):
    def __init__(self, note_id: int) -> None:
        super().__init__(f"no note with id {note_id}")


class PinnedNote(NoteError):
    """Deleting a pinned note conflicts with its state; unpinning it first resolves that."""

    def __init__(self, note_id: int) -> None:
        super().__init__(f"note {note_id} is pinned; unpin it (PATCH pinned=false) to delete it")


class VersionMismatch(NoteError):
    """The client changed an older version than the one stored: its update would be lost."""

    def __init__(self, note: NoteRecord) -> None:
        super().__init__(f"note {note.id} is at version {note.version}; fetch it and retry")


class KeyReused(NoteError):
    def __init__(self) -> None:
        super().__init__("this Idempotency-Key was already used with a different request body")


@dataclass(frozen=True)
class Created:
    note: NoteRecord
    #: True when an Idempotency-Key retry got the earlier result instead of a new note
    replayed: bool


class NoteService:
    def __init__(self, notes: InMemoryNoteRepository, keys: InMemoryIdempotencyKeys) -> None:
        self.notes = notes
        self.keys = keys

    async def create(self, data: NoteIn, idempotency_key: str | None = None) -> Created:
        """POST is not idempotent: each call makes a new note — unless the client sends a key."""
        if idempotency_key is None:
            return Created(await self.notes.add(**data.model_dump()), replayed=False)

        # The fingerprint is taken from the *validated* payload, so the same note sent with other
        # spacing or key order is still "the same request".
        fingerprint = hashlib.sha256(data.model_dump_json().encode()).hexdigest()
        seen = await self.keys.get(idempotency_key)
        if seen is not None:
            if seen.fingerprint != fingerprint:
                raise KeyReused()
            return Created(seen.note, replayed=True)
        # No await can interleave another request between get() and put() here: the in-memory
        # store never suspends. A real database needs a unique index on the key instead.
        note = await self.notes.add(**data.model_dump())
        await self.keys.put(idempotency_key, KeyRecord(fingerprint, note))
        return Created(note, replayed=False)

    async def get(self, note_id: int) -> NoteRecord:
        note = await self.notes.get(note_id)
        if note is None:
            raise NoteNotFound(note_id)
        return note

    async def page(self, *, limit: int, offset: int) -> tuple[list[NoteRecord], int]:
        return await self.notes.page(limit=limit, offset=offset), await self.notes.count()

    async def count(self) -> int:
        return await self.notes.count()

    async def replace(
        self, note_id: int, data: NoteIn, *, if_match: Collection[int] | None = None
    ) -> NoteRecord:
        """PUT: the note becomes exactly ``data``. Twice in a row, the second call changes nothing."""
        note = await self._current(note_id, if_match)
        return await self._save_if_changed(note, replace(note, **data.model_dump()))

    async def patch(
        self, note_id: int, changes: NotePatch, *, if_match: Collection[int] | None = None
    ) -> NoteRecord:
        """PATCH: only the fields sent change."""
        note = await self._current(note_id, if_match)
        return await self._save_if_changed(
            note, replace(note, **changes.model_dump(exclude_unset=True))
        )

    async def delete(self, note_id: int, *, if_match: Collection[int] | None = None) -> None:
        """DELETE is idempotent in effect: after one call or five, the note is gone.

        The *answer* differs — the second call finds nothing and says so (NoteNotFound → 404).
        Idempotency is about the state the calls leave behind, not about identical responses.
        """
        note = await self._current(note_id, if_match)
        if note.pinned:
            raise PinnedNote(note_id)
        await self.notes.delete(note_id)

    async def _current(self, note_id: int, if_match: Collection[int] | None) -> NoteRecord:
        note = await self.get(note_id)
        # The lost-update guard: a client that read version 3 may only overwrite version 3.
        if if_match is not None and note.version not in if_match:
            raise VersionMismatch(note)
        return note

    async def _save_if_changed(self, old: NoteRecord, new: NoteRecord) -> NoteRecord:
        # An update that changes nothing bumps nothing: that is what makes PUT twice == PUT once.
        return old if new == old else await self.notes.save(new)
