"""Random operation sequences against a sorted dict, with every invariant checked after each one.

hypothesis writes the sequences (and, when one fails, shrinks it to the shortest that still
fails). ``derandomize=True`` makes the examples the same on every run, so CI is deterministic;
``max_examples`` keeps the whole folder within a few seconds.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sortedcontainers import SortedDict

from day14_bplus_tree.invariants import check
from day14_bplus_tree.paged_tree import PagedBPlusTree
from day14_bplus_tree.pages import MemoryPageStore
from day14_bplus_tree.tree import BPlusTree

KEYS = st.integers(0, 200)
OPERATION = st.one_of(
    st.tuples(st.just("insert"), KEYS, st.integers(-1000, 1000)),
    st.tuples(st.just("delete"), KEYS),
    # Deletes of keys that are there (the n-th key, modulo the size), so trees shrink too.
    st.tuples(st.just("delete_nth"), st.integers(0, 10**6)),
    st.tuples(st.just("get"), KEYS),
    st.tuples(st.just("range"), st.none() | KEYS, st.none() | KEYS),
    # Runs of consecutive keys grow and shrink the tree by whole levels; each key of a run is
    # still one operation, checked on its own.
    st.tuples(st.just("insert_run"), KEYS, st.integers(1, 40)),
    st.tuples(st.just("delete_run"), KEYS, st.integers(1, 40)),
)
OPERATIONS = st.lists(OPERATION, min_size=5, max_size=40)

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def expand(ops: list[tuple], model: SortedDict) -> Iterator[tuple]:
    """One operation at a time: a run becomes its single inserts or deletes."""
    for op, *args in ops:
        if op == "insert_run":
            start, count = args
            yield from (("insert", k, k) for k in range(start, start + count))
        elif op == "delete_run":
            start, count = args
            yield from (("delete", k) for k in range(start, start + count))
        elif op == "delete_nth":
            # Evaluated lazily, so it picks among the keys present at this step.
            yield ("delete_key", model.keys()[args[0] % len(model)]) if model else ("get", 0)
        else:
            yield (op, *args)


def replay(tree: BPlusTree, model: SortedDict, ops: list[tuple], key: Any = lambda k: k) -> None:
    """Apply each operation to the tree and the model; they must agree, and the tree stay valid."""
    for op, *args in expand(ops, model):
        if op == "insert":
            k, value = key(args[0]), args[1]
            assert tree.insert(k, value) == (k not in model)
            model[k] = value
        elif op in ("delete", "delete_key"):
            k = key(args[0]) if op == "delete" else args[0]  # delete_key: a key of the model
            assert tree.delete(k) == (model.pop(k, None) is not None)
        elif op == "get":
            k = key(args[0])
            assert tree.get(k, "missing") == model.get(k, "missing")
        else:
            lo, hi = (None if a is None else key(a) for a in args)
            expected = [
                (k, model[k])
                for k in model.irange(lo, hi, inclusive=(True, False))
                if hi is None or k < hi
            ]
            assert list(tree.range(lo, hi)) == expected
        check(tree)  # after EVERY operation: depth, order, occupancy, separators, links, size
        assert len(tree) == len(model)
    assert list(tree.items()) == list(model.items())


@pytest.mark.parametrize("order", [3, 4, 5, 32])
@SETTINGS
@given(ops=OPERATIONS)
def test_the_tree_behaves_like_a_sorted_dict(order: int, ops: list[tuple]) -> None:
    replay(BPlusTree(order), SortedDict(), ops)


WIDE_KEYS = st.integers(0, 2400)
WIDE_OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), WIDE_KEYS, st.integers()),
        st.tuples(st.just("delete_nth"), st.integers(0, 10**6)),
        st.tuples(st.just("range"), st.none() | WIDE_KEYS, st.none() | WIDE_KEYS),
        st.tuples(st.just("insert_run"), WIDE_KEYS, st.integers(1, 100)),
        st.tuples(st.just("delete_run"), WIDE_KEYS, st.integers(1, 100)),
    ),
    min_size=1,
    max_size=10,
)


@SETTINGS
@given(prefill=st.integers(500, 1200), seed=st.integers(0, 2**16), ops=WIDE_OPERATIONS)
def test_a_wide_tree_behaves_like_a_sorted_dict(prefill: int, seed: int, ops: list[tuple]) -> None:
    """Order 32 needs ~500 keys before an internal node splits: start from 500–1200 keys
    (shuffled, checked once loaded), then check after every single operation that follows."""
    tree, model = BPlusTree(32), SortedDict()
    keys = list(range(0, 2 * prefill, 2))
    random.Random(seed).shuffle(keys)
    for k in keys:
        tree[k] = model[k] = k
    check(tree)
    replay(tree, model, ops)


@pytest.mark.parametrize(("page_size", "order", "cache_pages"), [(128, 3, 0), (256, None, 4)])
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(ops=OPERATIONS)
def test_the_paged_tree_behaves_like_a_sorted_dict_and_survives_a_reopen(
    page_size: int, order: int | None, cache_pages: int, ops: list[tuple]
) -> None:
    store = MemoryPageStore(page_size)
    tree = PagedBPlusTree(store, order=order, key_size=8, cache_pages=cache_pages)
    model: SortedDict = SortedDict()
    replay(tree, model, ops, key=lambda k: f"k{k:05d}")
    # Everything the tree knows is in the bytes: a new tree over a copy of them agrees.
    reopened = PagedBPlusTree(MemoryPageStore(page_size, bytes(store.data)))
    check(reopened)
    assert list(reopened.items()) == list(model.items())
    # Pages freed by merges are reused or listed, never lost: every page is meta, node or free.
    nodes = sum(len(level) for level in reopened.levels())
    assert 1 + nodes + reopened.free_pages() == store.page_count()
