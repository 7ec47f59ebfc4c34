"""A tiny key-value storage engine: a write is durable when its log record is fsync'd, not its page.

Two files sit side by side:

* ``<name>.db``, the data file: an array of ``PAGE_SIZE``-byte pages. Each page starts with a
  header (CRC32 of the rest of the page, page number, LSN of its last change, record count),
  then its records (key length, value length, key, value), then zeros.
* ``<name>.wal``, the write-ahead log: one framed record per committed write
  (payload length, CRC32 of the payload, then LSN, key length, key, value).

``put`` appends a record to the log and fsyncs it before it returns; only then does it change
the page, in memory. Changed ("dirty") pages reach the data file at a ``checkpoint``, which then
empties the log. Opening a store is crash recovery: read every page once to rebuild the index
(key → page number), then replay the log up to the last complete, checksum-valid record.
"""

from __future__ import annotations

import fcntl
import os
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

PAGE_SIZE = 4096
PAGE_CRC = struct.Struct(">I")  # CRC32 of everything after it: header, records and padding
PAGE_META = struct.Struct(">IQH")  # page number, LSN of the last change, record count
PAGE_HEADER_SIZE = PAGE_CRC.size + PAGE_META.size
RECORD_HEADER = struct.Struct(">HH")  # key length, value length
MAX_KEY = 255
# A record never spans pages, so the biggest key + value is what fits in an empty page.
MAX_RECORD = PAGE_SIZE - PAGE_HEADER_SIZE - RECORD_HEADER.size

WAL_FRAME = struct.Struct(">II")  # payload length, CRC32 of the payload
WAL_PUT = struct.Struct(">QH")  # LSN, key length; the value is the rest of the payload


class StoreError(Exception):
    """Base class of the engine's own errors."""


class CorruptPage(StoreError):
    """A page whose checksum (or header) is wrong: refused rather than returned as data."""

    def __init__(self, path: Path, page_no: int, reason: str) -> None:
        super().__init__(f"page {page_no} of {path} is corrupt ({reason}); refusing to read it")
        self.page_no = page_no


class RecordTooLarge(StoreError, ValueError):
    """A key or value no page can hold; refused before anything is written."""


@dataclass
class Page:
    """One page in memory: its number, the LSN of its last change, and its records."""

    number: int
    lsn: int = 0
    records: dict[bytes, bytes] = field(default_factory=dict)

    def used(self) -> int:
        return PAGE_HEADER_SIZE + sum(_record_size(k, v) for k, v in self.records.items())

    def fits(self, key: bytes, value: bytes) -> bool:
        old = self.records.get(key)
        freed = 0 if old is None else _record_size(key, old)
        return self.used() - freed + _record_size(key, value) <= PAGE_SIZE

    def encode(self) -> bytes:
        body = b"".join(RECORD_HEADER.pack(len(k), len(v)) + k + v for k, v in self.records.items())
        rest = (PAGE_META.pack(self.number, self.lsn, len(self.records)) + body).ljust(
            PAGE_SIZE - PAGE_CRC.size, b"\0"
        )
        # The checksum covers the padding too: a flipped byte anywhere in the page is caught.
        return PAGE_CRC.pack(zlib.crc32(rest)) + rest

    @classmethod
    def decode(cls, raw: bytes, number: int, path: Path) -> Page:
        if len(raw) != PAGE_SIZE:
            raise CorruptPage(path, number, f"only {len(raw)} of {PAGE_SIZE} bytes on disk")
        (stored,) = PAGE_CRC.unpack_from(raw)
        if zlib.crc32(raw[PAGE_CRC.size :]) != stored:
            raise CorruptPage(path, number, "checksum mismatch")
        header_no, lsn, count = PAGE_META.unpack_from(raw, PAGE_CRC.size)
        if header_no != number:  # a whole, valid page written at the wrong offset
            raise CorruptPage(path, number, f"its header says it is page {header_no}")
        # The checksum matched, so the record lengths below are the ones we wrote.
        records, pos = {}, PAGE_HEADER_SIZE
        for _ in range(count):
            key_len, value_len = RECORD_HEADER.unpack_from(raw, pos)
            pos += RECORD_HEADER.size
            records[raw[pos : pos + key_len]] = raw[pos + key_len : pos + key_len + value_len]
            pos += key_len + value_len
        return cls(number, lsn, records)


@dataclass
class Stats:
    """What the store did since it was opened: the counts the demo and the tests look at."""

    page_reads: int = 0  # pages read from the data file (each a pread + checksum)
    page_writes: int = 0  # pages written to the data file (only at checkpoints)
    wal_records: int = 0  # records appended to the log
    fsyncs: int = 0


@dataclass
class Recovery:
    """What opening the store found: pages read for the index, log records replayed, tail cut."""

    pages_read: int = 0
    records_replayed: int = 0
    torn_bytes: int = 0  # log bytes after the last complete, checksum-valid record


class Store:
    """A key-value store in ``<path>.db`` + ``<path>.wal``; opening it is crash recovery."""

    def __init__(self, path: str | os.PathLike[str], *, fsync: bool = True) -> None:
        base = Path(path)
        self.data_path, self.wal_path = base.with_suffix(".db"), base.with_suffix(".wal")
        # fsync=False is SQLite's synchronous=OFF: faster, and a power cut may lose commits.
        self.fsync = fsync
        self.stats = Stats()
        self._index: dict[bytes, int] = {}  # key -> page number: a lookup never scans
        self._used: list[int] = []  # bytes used in each page: where a new record fits
        self._dirty: dict[int, Page] = {}  # pages changed since the last checkpoint
        self._lsn = 0  # log sequence number of the last change
        created = not self.data_path.exists() or not self.wal_path.exists()
        self._data = os.open(self.data_path, os.O_RDWR | os.O_CREAT, 0o644)
        self._wal = os.open(self.wal_path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        self._closed = False
        try:
            try:  # one writer at a time: two stores on one file would overwrite each other's pages
                fcntl.flock(self._data, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"{self.data_path} is open in another Store") from None
            if created and fsync:  # a new file's name lives in the directory: make it durable
                _fsync_dir(base.parent)
            self.recovery = self._recover()
        except BaseException:
            self._close_files()
            raise

    # -- reading ---------------------------------------------------------------------------

    def get(self, key: bytes | str) -> bytes | None:
        """The value of ``key``: one page read through the index (none if the page is dirty)."""
        key = _as_bytes(key, "key")
        number = self._index.get(key)
        if number is None:  # the index answers "absent" without touching the disk
            return None
        return self._page(number).records[key]

    def scan(self) -> Iterator[tuple[bytes, bytes]]:
        """Every record, page by page: what a query the index cannot answer has to do."""
        for number in range(len(self._used)):
            yield from self._page(number).records.items()

    def __len__(self) -> int:
        return len(self._index)

    @property
    def page_count(self) -> int:
        return len(self._used)

    @property
    def dirty_pages(self) -> int:
        return len(self._dirty)

    @property
    def wal_size(self) -> int:
        return os.fstat(self._wal).st_size

    def _page(self, number: int) -> Page:
        """A dirty page from memory, else the page from disk, checksum-verified and not cached."""
        if number in self._dirty:
            return self._dirty[number]
        raw = os.pread(self._data, PAGE_SIZE, number * PAGE_SIZE)
        self.stats.page_reads += 1
        return Page.decode(raw, number, self.data_path)

    # -- writing ---------------------------------------------------------------------------

    def put(self, key: bytes | str, value: bytes | str) -> None:
        """Commit one write. When this returns the write survives a crash: its log record is
        fsync'd. The page changes only in memory; the data file catches up at a checkpoint."""
        key, value = _check(key, value)  # refuse bad input before a single byte is written
        lsn = self._lsn + 1
        self._log(WAL_PUT.pack(lsn, len(key)) + key + value)
        self._apply(lsn, key, value)

    def _log(self, payload: bytes) -> None:
        """Append one framed record to the log and fsync it: the moment a write commits."""
        frame = WAL_FRAME.pack(len(payload), zlib.crc32(payload)) + payload
        end = os.lseek(self._wal, 0, os.SEEK_END)
        try:
            # One write call: a crash leaves the whole record or a torn tail, nothing between.
            if os.write(self._wal, frame) != len(frame):
                raise OSError(f"short write to {self.wal_path}")
            self._sync(self._wal)
        except BaseException:
            # A half record left behind a live store would hide every later commit from recovery.
            os.ftruncate(self._wal, end)
            raise
        self.stats.wal_records += 1

    def _apply(self, lsn: int, key: bytes, value: bytes) -> None:
        """Change the page holding ``key`` in memory (used by ``put`` and by recovery)."""
        self._lsn = max(self._lsn, lsn)
        home = self._index.get(key)
        page = None if home is None else self._page(home)
        if page is not None and not page.fits(key, value):
            del page.records[key]  # the value outgrew its page: the record moves
            self._touch(page, lsn)
            page = None
        if page is None:
            page = self._page(self._page_with_room(_record_size(key, value)))
        page.records[key] = value
        self._touch(page, lsn)
        self._index[key] = page.number

    def _touch(self, page: Page, lsn: int) -> None:
        """Mark a changed page dirty: it stays in memory until the next checkpoint writes it."""
        page.lsn = max(page.lsn, lsn)  # never backwards, not even while replaying old records
        self._dirty[page.number] = page
        self._used[page.number] = page.used()

    def _page_with_room(self, need: int) -> int:
        """First page with ``need`` free bytes (a tiny free-space map), else a new page."""
        for number, used in enumerate(self._used):
            if used + need <= PAGE_SIZE:
                return number
        number = len(self._used)
        self._used.append(PAGE_HEADER_SIZE)
        self._dirty[number] = Page(number)
        return number

    def checkpoint(self) -> int:
        """Write the dirty pages, fsync the data file, then empty the log. Returns pages written."""
        # In page order, so the file grows without holes: a crash between two writes leaves
        # only whole pages behind (a hole would read back as zeros and fail its checksum).
        for number in sorted(self._dirty):
            os.pwrite(self._data, self._dirty[number].encode(), number * PAGE_SIZE)
            self.stats.page_writes += 1
        written = len(self._dirty)
        # The pages must be durable before the log that could rebuild them is thrown away.
        self._sync(self._data)
        self._dirty.clear()
        os.ftruncate(self._wal, 0)
        self._sync(self._wal)
        return written

    # -- recovery --------------------------------------------------------------------------

    def _recover(self) -> Recovery:
        report = Recovery()
        # 1. The index, from the pages: each page is read (and its checksum checked) once.
        size = os.fstat(self._data).st_size
        page_lsn: list[int] = []
        for number in range(-(-size // PAGE_SIZE)):  # a partial last page fails its check
            page = self._page(number)
            self._used.append(page.used())
            page_lsn.append(page.lsn)
            self._lsn = max(self._lsn, page.lsn)
            for key in list(page.records):
                self._index_or_drop_stale(key, page, page_lsn)
        report.pages_read = self.stats.page_reads

        # 2. The log, up to the last complete, checksum-valid record.
        raw = os.pread(self._wal, self.wal_size, 0)
        pos = 0
        while (record := _next_record(raw, pos)) is not None:
            lsn, key, value, pos = record
            self._apply(lsn, key, value)
            report.records_replayed += 1
        report.torn_bytes = len(raw) - pos
        if report.torn_bytes:
            # Cut the torn tail off: the next commit appended behind it would be unreachable,
            # since replay stops at the first bad record.
            os.ftruncate(self._wal, pos)
            self._sync(self._wal)
        return report

    def _index_or_drop_stale(self, key: bytes, page: Page, page_lsn: list[int]) -> None:
        """A key on two pages means a crash mid-checkpoint after the record moved: the page
        with the higher LSN was written after the move, so it holds the newer copy."""
        other = self._index.get(key)
        if other is not None and page_lsn[other] > page.lsn:
            stale = page
        else:
            stale = self._page(other) if other is not None else None
            self._index[key] = page.number
        if stale is not None:
            del stale.records[key]
            self._touch(stale, stale.lsn)  # dirty: the next checkpoint writes it clean

    # -- closing ---------------------------------------------------------------------------

    def close(self, *, checkpoint: bool = True) -> None:
        """Close the files, after a checkpoint unless told not to (the log keeps every commit)."""
        if self._closed:
            return
        try:
            if checkpoint:
                self.checkpoint()
        finally:
            self._close_files()

    def _close_files(self) -> None:
        self._closed = True
        os.close(self._data)
        os.close(self._wal)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(checkpoint=exc_type is None)

    def _sync(self, fd: int) -> None:
        if self.fsync:
            os.fsync(fd)
            self.stats.fsyncs += 1


def _next_record(raw: bytes, pos: int) -> tuple[int, bytes, bytes, int] | None:
    """The log record at ``pos`` and where the next one starts, or None at the end of the log,
    at a torn record (incomplete) or at a corrupt one (checksum mismatch)."""
    start = pos + WAL_FRAME.size
    if start > len(raw):
        return None
    length, crc = WAL_FRAME.unpack_from(raw, pos)
    end = start + length
    if length < WAL_PUT.size or end > len(raw) or zlib.crc32(raw[start:end]) != crc:
        return None
    lsn, key_len = WAL_PUT.unpack_from(raw, start)
    key_end = start + WAL_PUT.size + key_len
    return lsn, raw[start + WAL_PUT.size : key_end], raw[key_end:end], end


def _record_size(key: bytes, value: bytes) -> int:
    return RECORD_HEADER.size + len(key) + len(value)


def _as_bytes(data: bytes | str, what: str) -> bytes:
    if isinstance(data, str):
        return data.encode()
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    raise TypeError(f"{what} must be bytes or str, not {type(data).__name__}")


def _check(key: bytes | str, value: bytes | str) -> tuple[bytes, bytes]:
    key, value = _as_bytes(key, "key"), _as_bytes(value, "value")
    if not key:
        raise ValueError("key must not be empty")
    if len(key) > MAX_KEY:
        raise RecordTooLarge(f"key is {len(key)} bytes; keys are at most {MAX_KEY} bytes")
    if len(key) + len(value) > MAX_RECORD:
        raise RecordTooLarge(
            f"key + value is {len(key) + len(value)} bytes; a {PAGE_SIZE}-byte page holds at most "
            f"{MAX_RECORD} (a record never spans pages)"
        )
    return key, value


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
