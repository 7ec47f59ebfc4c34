"""Checks for the Day 14 exercises. They fail until you solve them:

pytest day14_bplus_tree/exercises -k bulk_load
pytest day14_bplus_tree/exercises -k floor
pytest day14_bplus_tree/exercises -k pin_root
"""

from __future__ import annotations

import importlib
import random

import pytest

from day14_bplus_tree.invariants import check
from day14_bplus_tree.paged_tree import PagedBPlusTree
from day14_bplus_tree.pages import MemoryPageStore
from day14_bplus_tree.tree import BPlusTree


@pytest.mark.parametrize("order", [3, 4, 5, 64])
@pytest.mark.parametrize("count", [0, 1, 2, 7, 100, 1001])
def test_bulk_load(order: int, count: int) -> None:
    """Exercise 1: ``bulk_load.bulk_load(pairs, order) -> BPlusTree`` builds the tree bottom-up
    from sorted pairs: leaves packed left to right, then each level of parents above them, with
    no splits at all. Every invariant must hold (watch the last node of each level)."""
    bulk_load = importlib.import_module("day14_bplus_tree.bulk_load").bulk_load
    pairs = [(k, f"v{k}") for k in range(0, 3 * count, 3)]
    tree = bulk_load(pairs, order)
    check(tree)
    assert list(tree.items()) == pairs and tree.order == order
    one_by_one = BPlusTree(order)
    for key, value in pairs:
        one_by_one[key] = value
    assert tree.height <= one_by_one.height  # packed leaves: never taller than inserting
    tree.insert(1, "one")  # and it is an ordinary tree afterwards
    check(tree)
    with pytest.raises(ValueError, match="sorted"):
        bulk_load([(2, "b"), (1, "a")], order)


@pytest.mark.parametrize("order", [3, 4, 32])
def test_floor(order: int) -> None:
    """Exercise 2: ``BPlusTree.floor(key)`` returns ``(k, value)`` for the largest ``k <= key``,
    or None. The tricky case: after deletes, a separator can be smaller than every key of the
    leaf it leads to, so the answer is in the leaf before, which no link points back to."""
    rng = random.Random(order)
    tree = BPlusTree(order)
    paged = PagedBPlusTree(MemoryPageStore(256))
    for k in rng.sample(range(10_000), 600):
        tree[k] = -k
        paged.insert(f"{k:05d}", k)
    # Delete the first key of every other leaf: the separators above them now lie below them.
    gone = [leaf.keys[0] for leaf in list(tree.leaves())[1::2]]
    gone_paged = [leaf.keys[0] for leaf in list(paged.leaves())[1::2]]
    for k in gone:
        del tree[k]
    for k in gone_paged:
        paged.delete(k)
    keys = list(tree)
    for probe in [-1, keys[0], keys[-1] + 5, *gone, *rng.sample(range(10_000), 200)]:
        below = [k for k in keys if k <= probe]
        assert tree.floor(probe) == ((below[-1], -below[-1]) if below else None), probe
    names = list(paged)
    for probe in ["", *gone_paged, "99999"]:
        below = [k for k in names if k <= probe]
        before = paged.pager.reads
        assert paged.floor(probe) == ((below[-1], int(below[-1])) if below else None), probe
        # At most one more descent than a lookup: never a scan of the leaves.
        assert paged.pager.reads - before < 2 * paged.height


def test_pin_root() -> None:
    """Exercise 3: ``PagedBPlusTree(store, pin_root=True)`` keeps the root node in memory, as a
    database's buffer pool keeps the hot top of every index: a lookup then reads ``height - 1``
    pages even with the cache off. The root changes when it splits and when it shrinks."""
    store = MemoryPageStore(128)
    tree = PagedBPlusTree(store, cache_pages=0, pin_root=True)
    heights = set()
    for i in range(2000):
        tree.insert(f"k{i:05d}", i)
        if i % 97 == 0:
            before = tree.pager.reads
            assert tree.get(f"k{i // 2:05d}") == i // 2
            assert tree.pager.reads - before == tree.height - 1
            heights.add(tree.height)
    assert len(heights) >= 3  # the root was replaced along the way
    for i in range(0, 2000):
        tree.delete(f"k{i:05d}")
        if i % 97 == 0 and tree.height > 1:
            before = tree.pager.reads
            assert tree.get(f"k{1999:05d}") == 1999
            assert tree.pager.reads - before == tree.height - 1
    check(tree)
    assert len(tree) == 0 and tree.get("k00001") is None
    # Pinning is a cache, not a second copy of the truth: the file still has everything.
    tree.insert("k00001", 1)
    assert PagedBPlusTree(MemoryPageStore(128, bytes(store.data))).get("k00001") == 1
