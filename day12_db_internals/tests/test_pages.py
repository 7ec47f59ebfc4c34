"""Pages: whole 4096-byte pages with a checksummed header; a damaged page is refused, not read."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from day12_db_internals.engine import (
    MAX_KEY,
    MAX_RECORD,
    PAGE_CRC,
    PAGE_META,
    PAGE_SIZE,
    CorruptPage,
    Page,
    RecordTooLarge,
    Store,
)


def fill(path: Path, n: int = 300) -> dict[bytes, bytes]:
    """n keys of ~80 bytes each (several pages), checkpointed to the data file."""
    items = {b"key-%04d" % i: b"value-%04d-" % i + b"v" * 60 for i in range(n)}
    with Store(path, fsync=False) as store:
        for key, value in items.items():
            store.put(key, value)
    return items


def flip_bit(file: Path, offset: int) -> None:
    raw = bytearray(file.read_bytes())
    raw[offset] ^= 0x01
    file.write_bytes(bytes(raw))


def test_data_file_is_whole_pages_each_with_a_checksummed_header(tmp_path: Path) -> None:
    items = fill(tmp_path / "store")
    raw = (tmp_path / "store.db").read_bytes()
    assert len(raw) % PAGE_SIZE == 0 and len(raw) // PAGE_SIZE >= 5
    records = 0
    for number in range(len(raw) // PAGE_SIZE):
        page = raw[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        (crc,) = PAGE_CRC.unpack_from(page)
        header_no, lsn, count = PAGE_META.unpack_from(page, PAGE_CRC.size)
        assert crc == zlib.crc32(page[PAGE_CRC.size :])
        assert header_no == number and lsn > 0
        records += count
        assert Page.decode(page, number, tmp_path / "store.db").encode() == page
    assert records == len(items)


def test_a_flipped_bit_in_a_page_is_refused_with_the_page_number(tmp_path: Path) -> None:
    fill(tmp_path / "store")
    flip_bit(tmp_path / "store.db", 2 * PAGE_SIZE + 1234)  # in page 2's records
    with pytest.raises(CorruptPage, match=r"page 2 of .*store\.db is corrupt \(checksum") as err:
        Store(tmp_path / "store")
    assert err.value.page_no == 2


def test_a_page_damaged_under_an_open_store_is_refused_on_read(tmp_path: Path) -> None:
    items = fill(tmp_path / "store")
    with Store(tmp_path / "store") as store:
        on_page_3, on_page_0 = keys_on_page(tmp_path, 3)[0], keys_on_page(tmp_path, 0)[0]
        flip_bit(tmp_path / "store.db", 3 * PAGE_SIZE + PAGE_SIZE - 1)  # even the padding counts
        with pytest.raises(CorruptPage, match="page 3") as err:
            store.get(on_page_3)
        assert err.value.page_no == 3
        with pytest.raises(CorruptPage):
            list(store.scan())
        assert store.get(on_page_0) == items[on_page_0]  # other pages still read fine


def keys_on_page(tmp_path: Path, number: int) -> list[bytes]:
    raw = (tmp_path / "store.db").read_bytes()[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
    return list(Page.decode(raw, number, tmp_path / "store.db").records)


def test_a_partial_last_page_is_refused(tmp_path: Path) -> None:
    fill(tmp_path / "store")
    with (tmp_path / "store.db").open("ab") as f:
        f.write(b"\0" * 100)
    with pytest.raises(CorruptPage, match="only 100 of 4096 bytes"):
        Store(tmp_path / "store")


def test_a_valid_page_at_the_wrong_offset_is_refused(tmp_path: Path) -> None:
    fill(tmp_path / "store")
    raw = bytearray((tmp_path / "store.db").read_bytes())
    raw[PAGE_SIZE : 2 * PAGE_SIZE] = raw[:PAGE_SIZE]  # a "misdirected write": page 0 again
    (tmp_path / "store.db").write_bytes(bytes(raw))
    with pytest.raises(CorruptPage, match="header says it is page 0") as err:
        Store(tmp_path / "store")
    assert err.value.page_no == 1


def test_the_largest_record_fills_one_page_and_survives_a_reopen(tmp_path: Path) -> None:
    key = b"k" * MAX_KEY
    value = b"v" * (MAX_RECORD - MAX_KEY)
    with Store(tmp_path / "store") as store:
        store.put(key, value)
        assert store.page_count == 1
        store.put("next", "x")  # no room left in page 0
        assert store.page_count == 2
    with Store(tmp_path / "store") as store:
        assert store.get(key) == value and store.get("next") == b"x"


@pytest.mark.parametrize(
    ("key", "value", "error", "message"),
    [
        (b"k" * (MAX_KEY + 1), b"v", RecordTooLarge, "keys are at most 255 bytes"),
        (b"k", b"v" * MAX_RECORD, RecordTooLarge, "page holds at most 4074"),
        (b"k" * MAX_KEY, b"v" * PAGE_SIZE * 4, RecordTooLarge, "never spans pages"),
        (b"", b"v", ValueError, "must not be empty"),
        (42, b"v", TypeError, "key must be bytes or str, not int"),
        (b"k", None, TypeError, "value must be bytes or str, not NoneType"),
    ],
)
def test_bad_records_are_refused_and_nothing_is_written(
    tmp_path: Path, key: object, value: object, error: type[Exception], message: str
) -> None:
    with Store(tmp_path / "store") as store:
        store.put("before", "ok")
        wal_before, fsyncs = store.wal_size, store.stats.fsyncs
        with pytest.raises(error, match=message):
            store.put(key, value)  # type: ignore[arg-type]
        assert store.wal_size == wal_before
        assert store.stats.fsyncs == fsyncs and store.stats.wal_records == 1
        assert len(store) == 1
        store.close(checkpoint=False)  # recovery sees exactly what the log holds
    with Store(tmp_path / "store") as store:
        assert store.recovery.records_replayed == 1
        assert list(store.scan()) == [(b"before", b"ok")]
