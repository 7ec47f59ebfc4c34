"""The repository is the only code that knows where notes live: swap the dict for a database and
nothing above it changes.

The methods are ``async`` although a dict never waits, because a real store (MongoDB from Day 15)
does: the service is written once, against the shape a database needs.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class NoteRecord:
    """A stored note. Frozen, so a caller cannot change the store without going through ``save``."""

    id: int
    title: str
    body: str
    pinned: bool
    version: int = 1


class InMemoryNoteRepository:
    """Notes in a dict, in insertion order; ids are never reused, as a database sequence would."""

    def __init__(self) -> None:
        self._notes: dict[int, NoteRecord] = {}
        self._ids = itertools.count(1)

    async def add(self, *, title: str, body: str, pinned: bool) -> NoteRecord:
        note = NoteRecord(id=next(self._ids), title=title, body=body, pinned=pinned)
        self._notes[note.id] = note
        return note

    async def get(self, note_id: int) -> NoteRecord | None:
        return self._notes.get(note_id)

    async def page(self, *, limit: int, offset: int) -> list[NoteRecord]:
        return list(itertools.islice(self._notes.values(), offset, offset + limit))

    async def count(self) -> int:
        return len(self._notes)

    async def save(self, note: NoteRecord) -> NoteRecord:
        saved = replace(note, version=note.version + 1)
        self._notes[note.id] = saved
        return saved

    async def delete(self, note_id: int) -> bool:
        return self._notes.pop(note_id, None) is not None


@dataclass(frozen=True)
class KeyRecord:
    fingerprint: str
    note: NoteRecord


class InMemoryIdempotencyKeys:
    """Idempotency-Key → (payload fingerprint, the note that request created).

    Published expiry policy (the draft asks for one): the newest ``max_keys`` keys are kept and
    the oldest forgotten first, so a flood of keys cannot grow memory without bound. A shared store
    with a time-to-live (Redis, Day 23) does the same across several server processes.
    """

    def __init__(self, max_keys: int = 10_000) -> None:
        self._keys: OrderedDict[str, KeyRecord] = OrderedDict()
        self.max_keys = max_keys

    async def get(self, key: str) -> KeyRecord | None:
        return self._keys.get(key)

    async def put(self, key: str, record: KeyRecord) -> None:
        self._keys[key] = record
        while len(self._keys) > self.max_keys:
            self._keys.popitem(last=False)
