"""The write-ahead log: framed, checksummed, fsync'd before a write is acknowledged; recovery
replays it up to the last good record; a checkpoint moves it into pages and empties it."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from day12_db_internals import engine
from day12_db_internals.engine import PAGE_SIZE, WAL_FRAME, WAL_PUT, Page, Store, StoreError


def frames(wal: Path) -> list[tuple[int, bytes]]:
    """(offset, payload) of each record in the log, parsed by hand from the documented format."""
    raw, pos, out = wal.read_bytes(), 0, []
    while pos < len(raw):
        length, crc = WAL_FRAME.unpack_from(raw, pos)
        payload = raw[pos + WAL_FRAME.size : pos + WAL_FRAME.size + length]
        assert len(payload) == length and zlib.crc32(payload) == crc
        out.append((pos, payload))
        pos += WAL_FRAME.size + length
    return out


def crashed_store(path: Path, n: int) -> None:
    """n commits, then the process 'dies': files closed, no checkpoint, only the log has them."""
    store = Store(path)
    for i in range(n):
        store.put(f"k{i}", f"value {i}")
    store.close(checkpoint=False)


def test_records_are_length_framed_and_crc32_checked(tmp_path: Path) -> None:
    with Store(tmp_path / "store") as store:
        store.put(b"alpha", b"one")
        store.put(b"beta", b"two" * 10)
        records = frames(store.wal_path)
    assert [p[WAL_PUT.size :] for _, p in records] == [b"alphaone", b"beta" + b"two" * 10]
    assert [WAL_PUT.unpack_from(p) for _, p in records] == [(1, 5), (2, 4)]  # (LSN, key length)


def test_commit_fsyncs_the_log_before_the_write_is_visible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "store")
    seen: list[tuple[int, int, bytes | None]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        # At the fsync, the record is in the log and the write is not applied (or returned) yet.
        seen.append((fd, store.wal_size, store.get("k")))
        real_fsync(fd)

    monkeypatch.setattr(engine.os, "fsync", fsync)
    store.put("k", "v")
    assert seen == [(store._wal, WAL_FRAME.size + WAL_PUT.size + 2, None)]
    assert store.get("k") == b"v" and store.stats.fsyncs == 1
    store.close()


def test_without_fsync_nothing_is_flushed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(engine.os, "fsync", calls.append)
    with Store(tmp_path / "store", fsync=False) as store:
        store.put("k", "v")
    assert calls == [] and store.stats.fsyncs == 0


def test_recovery_replays_the_log_when_no_checkpoint_ran(tmp_path: Path) -> None:
    crashed_store(tmp_path / "store", 50)
    assert (tmp_path / "store.db").stat().st_size == 0  # no page was ever written
    with Store(tmp_path / "store") as store:
        assert store.recovery.records_replayed == 50 and store.recovery.torn_bytes == 0
        assert [store.get(f"k{i}") for i in range(50)] == [f"value {i}".encode() for i in range(50)]


@pytest.mark.parametrize(
    "keep", [3, WAL_FRAME.size + 2, -1], ids=["in-header", "in-key", "last-byte"]
)
def test_a_torn_tail_is_cut_and_only_complete_records_come_back(tmp_path: Path, keep: int) -> None:
    crashed_store(tmp_path / "store", 3)
    wal = tmp_path / "store.wal"
    last, _ = frames(wal)[-1]
    cut = last + keep if keep > 0 else wal.stat().st_size - 1
    os.truncate(wal, cut)  # what a crash in the middle of the third write leaves behind
    with Store(tmp_path / "store") as store:
        assert store.recovery.records_replayed == 2
        assert store.recovery.torn_bytes == cut - last
        assert wal.stat().st_size == last  # the torn bytes are gone from the file too
        assert list(store.scan()) == [(b"k0", b"value 0"), (b"k1", b"value 1")]


def test_a_commit_after_a_torn_tail_survives_the_next_crash(tmp_path: Path) -> None:
    crashed_store(tmp_path / "store", 2)
    with (tmp_path / "store.wal").open("ab") as f:
        f.write(b"\x00\x00\x00\x40garbage")  # a record header promising 64 bytes that never came
    store = Store(tmp_path / "store")
    store.put("after", "the tear")  # had the tail stayed, this record would sit behind it
    store.close(checkpoint=False)
    with Store(tmp_path / "store") as store:
        assert store.recovery.torn_bytes == 0
        assert store.get("after") == b"the tear" and len(store) == 3


def test_replay_stops_at_a_record_with_a_bad_checksum(tmp_path: Path) -> None:
    crashed_store(tmp_path / "store", 3)
    wal = tmp_path / "store.wal"
    second, _ = frames(wal)[1]
    raw = bytearray(wal.read_bytes())
    raw[second + WAL_FRAME.size + WAL_PUT.size] ^= 0x20  # k1 -> K1: still "looks" fine
    wal.write_bytes(bytes(raw))
    with Store(tmp_path / "store") as store:
        assert store.recovery.records_replayed == 1  # records after a bad one are not trusted
        assert list(store.scan()) == [(b"k0", b"value 0")]
        assert store.get("K1") is None and store.get("k2") is None


def test_checkpoint_writes_dirty_pages_then_truncates_the_log(tmp_path: Path) -> None:
    with Store(tmp_path / "store", fsync=False) as store:
        for i in range(200):
            store.put(f"key-{i:03d}", "v" * 50)
        pages, wal = store.page_count, store.wal_size
        assert pages >= 3 and store.dirty_pages == pages and wal > 0
        assert store.data_path.stat().st_size == 0
        assert store.checkpoint() == pages
        assert store.wal_size == 0 and store.dirty_pages == 0
        assert store.stats.page_writes == pages
        assert store.data_path.stat().st_size == pages * PAGE_SIZE
        store.put("key-007", "changed")  # one page dirty again: the next checkpoint writes one
        assert store.checkpoint() == 1
    with Store(tmp_path / "store") as store:
        assert store.recovery.records_replayed == 0 and len(store) == 200
        assert store.get("key-007") == b"changed"


def test_checkpoint_fsyncs_the_pages_before_it_truncates_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "store")
    for i in range(100):
        store.put(f"key-{i:03d}", "v" * 50)
    pages = store.dirty_pages
    assert pages >= 2
    calls: list[tuple[str, int]] = []
    real = {name: getattr(os, name) for name in ("pwrite", "fsync", "ftruncate")}

    def spy(name: str) -> Callable[..., object]:
        def call(fd: int, *args: object) -> object:
            calls.append((name, fd))
            return real[name](fd, *args)

        return call

    for name in real:
        monkeypatch.setattr(engine.os, name, spy(name))
    store.checkpoint()
    monkeypatch.undo()
    data, wal = store._data, store._wal
    # Until the pages are durable the log is their only copy: it is emptied last.
    assert calls == [
        *[("pwrite", data)] * pages,
        ("fsync", data),
        ("ftruncate", wal),
        ("fsync", wal),
    ]
    store.close()


def test_reopen_after_a_clean_close(tmp_path: Path) -> None:
    with Store(tmp_path / "store") as store:
        for i in range(100):
            store.put(f"k{i}", f"v{i}")
    assert (tmp_path / "store.wal").stat().st_size == 0  # close checkpointed
    with Store(tmp_path / "store") as store:
        assert store.recovery.records_replayed == 0 and store.recovery.torn_bytes == 0
        assert dict(store.scan()) == {f"k{i}".encode(): f"v{i}".encode() for i in range(100)}


def test_a_value_that_outgrows_its_page_moves(tmp_path: Path) -> None:
    with Store(tmp_path / "store") as store:
        for i in range(40):
            store.put(f"k{i:02d}", "v" * 90)  # page 0 full, page 1 started
        store.put("k00", "w" * 2000)  # no longer fits in page 0
        assert store.page_count == 2
    with Store(tmp_path / "store") as store:
        assert store.get("k00") == b"w" * 2000
        assert [k for k, _ in store.scan()].count(b"k00") == 1


def test_a_crash_in_the_middle_of_a_checkpoint_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path / "store") as store:
        store.put("a", "a" * 4060)  # page 0, nearly full
        store.put("k", "k" * 10)  # no room in page 0: page 1
        store.put("b", "b" * 3000)  # page 1
        store.checkpoint()
        store.put("a", "a")  # page 0 has room again ...
        store.put("k", "k" * 1500)  # ... and 'k' outgrows page 1: it moves to page 0
        assert (store._index[b"k"], store.dirty_pages) == (0, 2)

        real_pwrite, written = os.pwrite, []

        def pwrite(fd: int, data: bytes, offset: int) -> int:
            if written:  # page 0 (with the new 'k') reached the file; page 1 (old 'k') did not
                raise KeyboardInterrupt("the process dies here")
            written.append(offset)
            return real_pwrite(fd, data, offset)

        monkeypatch.setattr(engine.os, "pwrite", pwrite)
        with pytest.raises(KeyboardInterrupt):
            store.checkpoint()
        monkeypatch.undo()
        assert written == [0]
        store.close(checkpoint=False)

    with Store(tmp_path / "store") as store:
        assert store.recovery.records_replayed == 2  # the log was not truncated
        assert store.get("k") == b"k" * 1500 and store.get("a") == b"a"
        assert sorted(k for k, _ in store.scan()) == [b"a", b"b", b"k"]


@pytest.mark.parametrize(("lsn0", "lsn1"), [(5, 9), (9, 5)], ids=["newer-second", "newer-first"])
def test_a_key_on_two_pages_resolves_to_the_page_with_the_higher_lsn(
    tmp_path: Path, lsn0: int, lsn1: int
) -> None:
    # What a crash in the middle of a checkpoint can leave: a record that moved, on both pages.
    newer = 0 if lsn0 > lsn1 else 1
    pages = [
        Page(n, lsn, {b"k": b"new" if n == newer else b"old", b"other%d" % n: b"x"})
        for n, lsn in enumerate((lsn0, lsn1))
    ]
    (tmp_path / "store.db").write_bytes(b"".join(page.encode() for page in pages))
    expected = [(b"k", b"new"), (b"other0", b"x"), (b"other1", b"x")]
    with Store(tmp_path / "store") as store:
        assert store.get("k") == b"new"
        assert sorted(store.scan()) == expected
    with Store(tmp_path / "store") as store:  # the stale copy is gone from the file too
        assert sorted(store.scan()) == expected


def test_one_store_at_a_time_per_file(tmp_path: Path) -> None:
    with Store(tmp_path / "store") as store:
        store.put("k", "v")
        with pytest.raises(StoreError, match=r"store\.db is open in another Store"):
            Store(tmp_path / "store")
    with Store(tmp_path / "store") as store:  # closing released the lock
        assert store.get("k") == b"v"
