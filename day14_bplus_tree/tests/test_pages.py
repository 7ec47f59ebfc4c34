"""The page-backed tree: one page read per level, a file that reopens, garbage refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from day14_bplus_tree import layout
from day14_bplus_tree.invariants import check
from day14_bplus_tree.paged_tree import PagedBPlusTree
from day14_bplus_tree.pages import CorruptPage, FilePageStore, MemoryPageStore, Pager


def name(i: int) -> str:
    return f"user:{i:06d}"


def fill(tree: PagedBPlusTree, count: int, step: int = 1) -> None:
    # A fixed scramble, so the tree is not just a right-leaning sequential build.
    for i in sorted(range(0, count * step, step), key=lambda i: (i * 7919) % 10007):
        tree.insert(name(i), i)


@pytest.fixture
def tree_file(tmp_path: Path) -> Path:
    path = tmp_path / "tree.db"
    with PagedBPlusTree.open_file(path, page_size=256, cache_pages=32) as tree:
        fill(tree, 2000)
    return path


# -- page reads per lookup --


@pytest.mark.parametrize("page_size", [128, 512, 4096])
def test_with_the_cache_off_a_lookup_reads_exactly_height_pages(page_size: int) -> None:
    tree = PagedBPlusTree(MemoryPageStore(page_size), cache_pages=0)
    fill(tree, 1500)
    assert tree.height >= 2
    for key in [name(0), name(700), name(1499), "user:999999", "a", "zzz"]:
        before = tree.pager.reads
        tree.get(key)
        assert tree.pager.reads - before == tree.height, key


def test_a_smaller_page_means_a_lower_order_and_more_reads_per_lookup() -> None:
    reads = {}
    for page_size in (128, 512, 4096):
        tree = PagedBPlusTree(MemoryPageStore(page_size), cache_pages=64)
        fill(tree, 1500)
        tree.pager.drop_cache()
        assert tree.order == layout.order_for(page_size, 16)
        before = tree.pager.reads
        tree.get(name(1234))  # the cache was dropped: every level is read
        reads[page_size] = tree.pager.reads - before
    assert reads[128] > reads[512] > reads[4096]


def test_the_page_cache_answers_repeated_reads_and_can_be_turned_off(tree_file: Path) -> None:
    with PagedBPlusTree.open_file(tree_file, cache_pages=8) as tree:
        tree.get(name(42))
        first = tree.pager.reads
        for _ in range(5):
            assert tree.get(name(42)) == 42
        assert tree.pager.reads == first and tree.pager.hits == 5 * tree.height
    with PagedBPlusTree.open_file(tree_file, cache_pages=0) as tree:
        assert tree.pager.reads == 1  # the meta page, once, when the file is opened
        for _ in range(5):
            tree.get(name(42))
        assert tree.pager.reads == 1 + 5 * tree.height and tree.pager.hits == 0


def test_a_small_cache_evicts_the_least_recently_used_page() -> None:
    pager = Pager(MemoryPageStore(64), cache_pages=2)
    for n in range(3):
        pager.write(n, bytes([n]))
    pager.drop_cache()
    for n in (0, 1, 0, 2, 0, 1):  # 1 is the least recently used when 2 comes in
        pager.read(n)
    assert (pager.reads, pager.hits) == (4, 2)


def test_a_range_scan_reads_the_path_down_then_one_page_per_leaf(tree_file: Path) -> None:
    with PagedBPlusTree.open_file(tree_file) as tree:
        first_leaf = tree.path_to(name(500))[-1]
        leaves = [first_leaf]
        while leaves[-1].keys[-1] < name(700):
            leaves.append(tree.node(leaves[-1].next))
        before = tree.pager.reads
        rows = list(tree.range(name(500), name(700)))
        assert [v for _, v in rows] == list(range(500, 700))
        assert tree.pager.reads - before == (tree.height - 1) + len(leaves)


# -- persistence and layout --


def test_reopening_the_file_finds_every_key(tree_file: Path) -> None:
    with PagedBPlusTree.open_file(tree_file) as tree:  # page size read from the file
        assert tree.pager.page_size == 256 and len(tree) == 2000
        assert all(tree.get(name(i)) == i for i in range(0, 2000, 37))
        check(tree)
        tree.delete(name(5))
        tree.insert("user:new", -1)
    with PagedBPlusTree.open_file(tree_file) as tree:
        assert tree.get(name(5)) is None and tree.get("user:new") == -1 and len(tree) == 2000


def test_the_file_is_whole_pages_and_the_same_bytes_as_the_memory_store(tmp_path: Path) -> None:
    memory = MemoryPageStore(256)
    on_disk = FilePageStore(tmp_path / "t.db", 256)
    for store in (memory, on_disk):
        tree = PagedBPlusTree(store)
        fill(tree, 500)
        for i in range(0, 500, 3):
            tree.delete(name(i))
    on_disk.close()
    data = (tmp_path / "t.db").read_bytes()
    assert len(data) % 256 == 0 and data == bytes(memory.data)


def test_merges_give_pages_back_and_inserts_reuse_them() -> None:
    store = MemoryPageStore(128)
    tree = PagedBPlusTree(store)
    fill(tree, 600)
    pages = store.page_count()
    for i in range(600):
        tree.delete(name(i))
    assert tree.height == 1 and tree.free_pages() == pages - 2  # all but meta and root leaf
    fill(tree, 600)
    assert store.page_count() == pages  # the file did not grow: freed pages came back
    check(tree)


def test_a_node_round_trips_through_its_page_bytes() -> None:
    leaf = layout.Leaf(["a", "bé", "zz"], [1, -2, 2**63 - 1], 7)
    back = layout.decode(layout.encode(leaf, 16), 16, 3)
    assert (back.keys, back.values, back.next, back.ref) == (leaf.keys, leaf.values, 7, 3)
    inner = layout.Internal(["m"], [4, 9])
    back = layout.decode(layout.encode(inner, 16), 16, 5)
    assert (back.is_leaf, back.keys, back.children) == (False, ["m"], [4, 9])
    assert layout.order_for(4096, 16) == 171  # (4096 - 11) // (16 + 8) keys per leaf, plus 1


# -- refusing garbage --


def test_a_flipped_bit_is_refused_as_a_corrupt_page(tree_file: Path) -> None:
    with PagedBPlusTree.open_file(tree_file) as tree:
        page = tree.path_to(name(42))[-1].ref
    with open(tree_file, "r+b") as f:
        f.seek(page * 256 + 50)
        byte = f.read(1)
        f.seek(page * 256 + 50)
        f.write(bytes([byte[0] ^ 0x10]))
    with PagedBPlusTree.open_file(tree_file) as tree:
        with pytest.raises(CorruptPage, match=rf"page {page} of .*tree.db is corrupt \(checksum"):
            tree.get(name(42))
        assert tree.get(name(1999)) == 1999  # pages that are fine still answer


def test_a_short_page_is_refused(tree_file: Path) -> None:
    size = tree_file.stat().st_size
    os.truncate(tree_file, size - 10)
    last = size // 256 - 1
    with PagedBPlusTree.open_file(tree_file) as tree:
        with pytest.raises(CorruptPage, match=rf"page {last} of .* is short: 246 of 256 bytes"):
            check(tree)  # visits every page


def test_a_file_that_is_not_a_tree_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"hello, this is not a tree" * 100)
    with pytest.raises(CorruptPage, match="not a B\\+ tree file"):
        PagedBPlusTree.open_file(junk)
    stub = tmp_path / "stub.db"
    stub.write_bytes(b"\0" * 10)
    with pytest.raises(CorruptPage, match="short"):
        PagedBPlusTree.open_file(stub)
    torn_meta = MemoryPageStore(256, b"\0" * 100)
    with pytest.raises(CorruptPage, match="page 0 of memory is short"):
        PagedBPlusTree(torn_meta)


@pytest.mark.parametrize(
    ("key", "value", "error", "message"),
    [
        ("user:" + "x" * 12, 1, ValueError, "17 bytes in UTF-8; the limit is 16"),
        ("ééééééééé", 1, ValueError, "18 bytes in UTF-8"),  # 9 characters, 18 bytes
        (42, 1, TypeError, "keys of a page-backed tree are str, got int"),
        (b"user:1", 1, TypeError, "got bytes"),
        (None, 1, TypeError, "got NoneType"),
        ("nul\0key", 1, ValueError, "contains NUL"),
        ("user:ok", "1", TypeError, "values of a page-backed tree are int, got str"),
        ("user:ok", True, TypeError, "got bool"),
        ("user:ok", 2**63, ValueError, "does not fit in a signed 64-bit slot"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    key: object, value: object, error: type[Exception], message: str
) -> None:
    store = MemoryPageStore(256)
    tree = PagedBPlusTree(store)
    fill(tree, 300)
    before, writes = bytes(store.data), tree.pager.writes
    with pytest.raises(error, match=message):
        tree.insert(key, value)
    assert bytes(store.data) == before and tree.pager.writes == writes and len(tree) == 300


def test_lookups_and_deletes_of_the_wrong_type_are_refused() -> None:
    tree = PagedBPlusTree(MemoryPageStore(256))
    fill(tree, 50)
    for call in (tree.get, tree.delete, tree.__getitem__):
        with pytest.raises(TypeError, match="keys of a page-backed tree are str"):
            call(7)
    assert len(tree) == 50 and tree.get("user:" + "x" * 40) is None  # too long: just absent


def test_an_order_that_does_not_fit_the_page_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="order 50 does not fit: a 256-byte page holds"):
        PagedBPlusTree(MemoryPageStore(256), order=50)
    with pytest.raises(ValueError, match="cannot hold 2 keys"):
        PagedBPlusTree(MemoryPageStore(48))
    with PagedBPlusTree.open_file(tmp_path / "t.db", page_size=256, order=4):
        pass
    with pytest.raises(ValueError, match="created with order 4"):
        PagedBPlusTree.open_file(tmp_path / "t.db", order=8)
