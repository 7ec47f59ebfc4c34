"""Fixed-size pages: the unit a database reads from disk, checksums, and a page cache that counts.

A store is an array of ``page_size``-byte pages: page ``n`` lives at byte ``n * page_size``.
``FilePageStore`` keeps them in a file (``pread``/``pwrite``); ``MemoryPageStore`` in a
``bytearray``, for tests and for looking at the bytes. The ``Pager`` sits in front of either:
it seals every page with a CRC32, refuses a page that is short or does not match its checksum,
keeps recently used pages in a cache (off with ``cache_pages=0``), and counts the reads that
reached the store: the number a database's "buffer pool misses" would show.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

CHECKSUM = struct.Struct(">I")  # CRC32 of the rest of the page, in the first 4 bytes


class CorruptPage(Exception):
    """A page is short, or its bytes are not the bytes that were written (checksum mismatch)."""


class PageStore(Protocol):
    page_size: int
    name: str

    def read(self, number: int) -> bytes: ...
    def write(self, number: int, page: bytes) -> None: ...
    def page_count(self) -> int: ...
    def sync(self) -> None: ...
    def close(self) -> None: ...


class MemoryPageStore:
    """Pages in a bytearray: the same layout as the file, without the disk."""

    def __init__(self, page_size: int = 4096, data: bytes = b"") -> None:
        self.page_size = page_size
        self.data = bytearray(data)
        self.name = "memory"

    def read(self, number: int) -> bytes:
        start = number * self.page_size
        return bytes(self.data[start : start + self.page_size])

    def write(self, number: int, page: bytes) -> None:
        start = number * self.page_size
        if len(self.data) < start:
            self.data.extend(bytes(start - len(self.data)))
        self.data[start : start + self.page_size] = page

    def page_count(self) -> int:
        return -(-len(self.data) // self.page_size)  # a short last page still counts

    def sync(self) -> None:
        pass

    def close(self) -> None:
        pass


class FilePageStore:
    """Pages in a file, read and written at their offsets with one system call each."""

    def __init__(self, path: str | Path, page_size: int = 4096) -> None:
        self.page_size = page_size
        self.name = str(path)
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    def read(self, number: int) -> bytes:
        return os.pread(self._fd, self.page_size, number * self.page_size)

    def write(self, number: int, page: bytes) -> None:
        os.pwrite(self._fd, page, number * self.page_size)

    def page_count(self) -> int:
        return -(-os.fstat(self._fd).st_size // self.page_size)

    def sync(self) -> None:
        os.fsync(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class Pager:
    """Checked page reads and writes through an LRU page cache, with counters."""

    def __init__(self, store: PageStore, cache_pages: int = 0) -> None:
        if cache_pages < 0:
            raise ValueError("cache_pages must be >= 0 (0 turns the cache off)")
        self.store = store
        self.page_size = store.page_size
        self.cache_pages = cache_pages
        self._cache: OrderedDict[int, bytes] = OrderedDict()
        self.reads = 0  # pages fetched from the store: cache misses, or every read with no cache
        self.hits = 0  # reads the cache answered
        self.writes = 0

    def read(self, number: int) -> bytes:
        """The page's bytes after the checksum, verified."""
        cached = self._cache.get(number)
        if cached is not None:
            self._cache.move_to_end(number)
            self.hits += 1
            return cached
        page = self.store.read(number)
        self.reads += 1
        if len(page) != self.page_size:
            raise CorruptPage(
                f"page {number} of {self.store.name} is short: {len(page)} of "
                f"{self.page_size} bytes (a torn or truncated write)"
            )
        (stored,) = CHECKSUM.unpack_from(page)
        body = page[CHECKSUM.size :]
        if zlib.crc32(body) != stored:
            raise CorruptPage(f"page {number} of {self.store.name} is corrupt (checksum mismatch)")
        self._remember(number, body)
        return body

    def write(self, number: int, body: bytes) -> None:
        """Seal ``body`` (padded to the page) with its checksum and write it through."""
        room = self.page_size - CHECKSUM.size
        if len(body) > room:  # the layout never does this; a bug must not spill into a neighbour
            raise ValueError(f"{len(body)} bytes do not fit in a page of {room}")
        body = body.ljust(room, b"\0")
        self.store.write(number, CHECKSUM.pack(zlib.crc32(body)) + body)
        self.writes += 1
        self._remember(number, body)

    def page_count(self) -> int:
        return self.store.page_count()

    def _remember(self, number: int, body: bytes) -> None:
        if self.cache_pages:
            self._cache[number] = body
            self._cache.move_to_end(number)
            if len(self._cache) > self.cache_pages:
                self._cache.popitem(last=False)  # least recently used goes first

    def drop_cache(self) -> None:
        self._cache.clear()
