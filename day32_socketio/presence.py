"""Who is online, and who is in which room: the chat's own bookkeeping, next to Socket.IO's.

python-socketio already keeps rooms — but as *delivery lists* of session ids, for ``emit(...,
to=room)``. Presence is application data: names, shown to people, asked for by an HTTP
endpoint. Keeping it here, updated by the same handlers that call ``enter_room`` and
``leave_room``, makes it plain what the chat promises and easy to test.

It lives in this process's memory, so two server processes would each know half the
truth; Day 33 moves it to Redis along with the rooms.
"""

from __future__ import annotations

from collections import defaultdict

#: rooms one connection may be in at once: the bookkeeping per connection stays bounded
MAX_ROOMS_PER_CONNECTION = 8


class Presence:
    def __init__(self) -> None:
        self._names: dict[str, str] = {}  # sid -> name
        self._rooms: defaultdict[str, dict[str, str]] = defaultdict(dict)  # room -> {sid: name}

    def connect(self, sid: str, name: str) -> None:
        self._names[sid] = name

    def name_of(self, sid: str) -> str | None:
        return self._names.get(sid)

    def online(self) -> list[str]:
        return sorted(set(self._names.values()))

    def is_online(self, name: str) -> bool:
        return name in self._names.values()

    def rooms_of(self, sid: str) -> list[str]:
        return sorted(room for room, sids in self._rooms.items() if sid in sids)

    def join(self, room: str, sid: str) -> bool:
        """Add ``sid`` to ``room``; False if it was there already (joining twice is a no-op)."""
        if sid in self._rooms[room]:
            return False
        self._rooms[room][sid] = self._names[sid]
        return True

    def leave(self, room: str, sid: str) -> bool:
        """Remove ``sid`` from ``room``; False if it was not in it."""
        members = self._rooms.get(room)
        if members is None or members.pop(sid, None) is None:
            return False
        if not members:
            del self._rooms[room]  # an empty room is forgotten, not kept forever
        return True

    def disconnect(self, sid: str) -> list[str]:
        """Forget a connection; return the rooms it was in (their members must be told)."""
        rooms = self.rooms_of(sid)
        for room in rooms:
            self.leave(room, sid)
        self._names.pop(sid, None)
        return rooms

    def members(self, room: str) -> list[str]:
        """Names in ``room``, each once: two tabs of one person are one person present."""
        return sorted(set(self._rooms.get(room, {}).values()))

    def snapshot(self) -> dict[str, list[str]]:
        return {room: self.members(room) for room in sorted(self._rooms)}
