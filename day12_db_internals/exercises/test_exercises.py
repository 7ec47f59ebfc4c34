"""Checks for the Day 12 exercises. They fail until you solve them:

pytest day12_db_internals/exercises -k delete
pytest day12_db_internals/exercises -k group_commit
pytest day12_db_internals/exercises -k page_cache
"""

from __future__ import annotations

import os
from pathlib import Path

from day12_db_internals.engine import Store


def test_delete(tmp_path: Path) -> None:
    """Exercise 1: ``Store.delete(key) -> bool``, logged like a put and replayed by recovery."""
    store = Store(tmp_path / "store")
    store.put("keep", "1")
    store.put("drop", "2")
    store.checkpoint()
    wal_before = store.wal_size
    assert store.delete("missing") is False
    assert store.wal_size == wal_before  # nothing to delete: nothing logged
    assert store.delete("drop") is True
    assert store.get("drop") is None and len(store) == 1
    store.close(checkpoint=False)  # a crash: only the log knows about the delete
    with Store(tmp_path / "store") as store:
        assert store.recovery.records_replayed == 1
        assert store.get("drop") is None
        assert list(store.scan()) == [(b"keep", b"1")]
    with Store(tmp_path / "store") as store:  # and after the checkpoint, the page knows too
        assert list(store.scan()) == [(b"keep", b"1")]


def test_group_commit(tmp_path: Path) -> None:
    """Exercise 2: ``Store.put_many(items)``: one log write and one fsync for the whole batch,
    and all or nothing after a crash (a torn batch leaves none of its writes behind)."""
    store = Store(tmp_path / "store")
    store.put_many({f"a{i}": f"v{i}" for i in range(100)}.items())
    assert store.stats.fsyncs == 1 and len(store) == 100
    store.put_many([("b1", "x"), ("b2", "y")])
    store.close(checkpoint=False)
    os.truncate(store.wal_path, store.wal_path.stat().st_size - 1)  # tear the second batch
    with Store(tmp_path / "store") as store:
        assert len(store) == 100
        assert store.get("a99") == b"v99" and store.get("b1") is None


def test_page_cache(tmp_path: Path) -> None:
    """Exercise 3: ``Store(path, cache_pages=N)`` keeps up to N clean pages in memory (least
    recently used goes first), so a hot page is read from disk once."""
    with Store(tmp_path / "store", fsync=False) as store:
        for i in range(400):
            store.put(f"key-{i:03d}", "v" * 80)
    with Store(tmp_path / "store", cache_pages=2) as store:
        reads = store.stats.page_reads
        for _ in range(10):
            assert store.get("key-000") == b"v" * 80
        assert store.stats.page_reads - reads == 1
        last = f"key-{399:03d}"
        middle = f"key-{200:03d}"
        store.get(last)
        store.get(middle)  # the cache holds 2 pages: key-000's page is evicted
        reads = store.stats.page_reads
        store.get("key-000")
        assert store.stats.page_reads - reads == 1
        assert store.page_count >= 5
