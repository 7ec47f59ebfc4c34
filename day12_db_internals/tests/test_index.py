"""The index: a lookup reads one page, a full scan reads every page (counted, not timed)."""

from __future__ import annotations

import random
from pathlib import Path

from day12_db_internals.engine import Store


def test_a_lookup_reads_one_page_and_a_scan_reads_them_all(tmp_path: Path) -> None:
    items = {f"user:{i:05d}".encode(): b"city=Oslo;" + b"x" * (i % 50) for i in range(2000)}
    with Store(tmp_path / "store", fsync=False) as store:
        for key, value in items.items():
            store.put(key, value)
    with Store(tmp_path / "store") as store:
        pages = store.page_count
        assert pages >= 20
        assert store.recovery.pages_read == pages  # the index is rebuilt once, at open
        for key in random.sample(sorted(items), 25):
            before = store.stats.page_reads
            assert store.get(key) == items[key]
            assert store.stats.page_reads - before == 1
        before = store.stats.page_reads
        assert store.get("user:absent") is None
        assert store.stats.page_reads == before  # the index alone says "absent"
        assert dict(store.scan()) == items
        assert store.stats.page_reads - before == pages


def test_dirty_pages_are_read_from_memory(tmp_path: Path) -> None:
    with Store(tmp_path / "store") as store:
        store.put("k", "v")
        assert store.get("k") == b"v" and store.stats.page_reads == 0
        store.checkpoint()
        assert store.get("k") == b"v" and store.stats.page_reads == 1  # clean: from the file
