"""Every case of the algorithm, one small tree each: the shape before and after, and the trace.

Order 5 throughout (at most 4 keys per node, at least 2), so every case fits in a few keys.
"""

from __future__ import annotations

from typing import Any

import pytest

from day14_bplus_tree.invariants import InvariantError, check
from day14_bplus_tree.node import Leaf
from day14_bplus_tree.tree import BPlusTree


def build(keys: Any, order: int = 5) -> tuple[BPlusTree, list[str]]:
    events: list[str] = []
    tree = BPlusTree(order)
    for key in keys:
        tree[key] = f"v{key}"
    check(tree)
    tree.trace = events.append
    return tree, events


def shape(tree: BPlusTree) -> list[list[list[Any]]]:
    """Keys level by level, root first: [[root keys], [nodes of level 1], ..., [leaves]]."""
    return [[list(node.keys) for node in level] for level in tree.levels()]


# -- search --


def test_a_lookup_visits_exactly_height_nodes_one_per_level() -> None:
    tree, _ = build(range(0, 400, 2), order=4)
    assert tree.height == 5
    for key in (0, 1, 200, 398, 399, -5):
        path = tree.path_to(key)
        assert len(path) == tree.height
        assert [node.is_leaf for node in path] == [False] * (tree.height - 1) + [True]
        # Each step is the child the separators point to: key is within the leaf's bounds.
        assert tree.get(key) == (f"v{key}" if key in range(0, 400, 2) else None)
    assert tree[200] == "v200" and 200 in tree and 201 not in tree
    with pytest.raises(KeyError):
        tree[201]


def test_an_empty_tree_is_one_empty_leaf() -> None:
    tree = BPlusTree(3)
    assert (len(tree), tree.height, tree.get(1), list(tree.range())) == (0, 1, None, [])
    assert tree.delete(1) is False
    with pytest.raises(KeyError):
        del tree[1]
    check(tree)


@pytest.mark.parametrize("order", [2, 1, 0, -4, 3.5, "8", True])
def test_order_below_three_or_not_an_integer_is_refused(order: Any) -> None:
    with pytest.raises(ValueError, match="order must be an integer >= 3"):
        BPlusTree(order)


@pytest.mark.parametrize(
    ("order", "most", "least"), [(3, 2, 1), (4, 3, 1), (5, 4, 2), (128, 127, 63)]
)
def test_order_sets_the_occupancy_bounds(order: int, most: int, least: int) -> None:
    tree, _ = build(range(1000), order=order)
    assert (tree.max_keys, tree.min_keys) == (most, least)
    sizes = [len(node.keys) for level in tree.levels()[1:] for node in level]
    assert max(sizes) <= most and min(sizes) >= least


def test_a_wider_order_makes_a_lower_tree() -> None:
    heights = [build(range(5000), order=order)[0].height for order in (3, 4, 16, 64, 512)]
    assert heights == sorted(heights, reverse=True) and heights[0] > 10 and heights[-1] == 2


# -- insert --


def test_a_full_leaf_splits_and_copies_its_first_right_key_up() -> None:
    tree, events = build([10, 20, 30, 40])
    assert shape(tree) == [[[10, 20, 30, 40]]]
    tree[50] = "v50"
    assert events == ["split leaf → [10 20] [30 40 50], copy 30 up", "new root [30]: height 2"]
    assert shape(tree) == [[[30]], [[10, 20], [30, 40, 50]]]
    left, right = tree.levels()[-1]
    assert left.next is right and right.next is None  # the halves stay linked
    check(tree)


def test_a_full_internal_node_splits_and_moves_its_middle_key_up() -> None:
    tree, events = build(range(1, 13))
    assert shape(tree)[0] == [[3, 5, 7, 9]]
    tree[13] = "v13"
    assert events == [
        "split leaf → [9 10] [11 12 13], copy 11 up",
        "split internal → [3 5] [9 11], move 7 up",
        "new root [7]: height 3",
    ]
    # 7 is in the root and not in either internal half; it is still in a leaf (7 8).
    assert shape(tree) == [
        [[7]],
        [[3, 5], [9, 11]],
        [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12, 13]],
    ]
    check(tree)


def test_inserting_an_existing_key_replaces_its_value_and_keeps_the_shape() -> None:
    tree, events = build(range(20))
    before = shape(tree)
    assert tree.insert(7, "new") is False
    assert (tree[7], len(tree), shape(tree), events) == ("new", 20, before, [])


def test_a_key_that_cannot_be_compared_is_refused_and_changes_nothing() -> None:
    tree, _ = build(range(20))
    before = shape(tree)
    with pytest.raises(TypeError):
        tree["seven"] = 7
    assert shape(tree) == before and len(tree) == 20


# -- range scans --


def test_range_is_half_open_and_walks_the_leaf_links() -> None:
    tree, _ = build(range(0, 100, 5))
    assert [k for k, _ in tree.range(12, 31)] == [15, 20, 25, 30]
    assert [k for k, _ in tree.range(15, 30)] == [15, 20, 25]  # lo included, hi excluded
    assert [k for k, _ in tree.range(None, 11)] == [0, 5, 10]
    assert [k for k, _ in tree.range(90)] == [90, 95]
    assert list(tree.range(40, 40)) == [] and list(tree.range(60, 20)) == []
    assert list(tree.range(1000)) == [] and list(tree.range(None, -1)) == []
    assert list(tree.range()) == [(k, f"v{k}") for k in range(0, 100, 5)]
    assert list(tree) == list(range(0, 100, 5)) and list(tree.items()) == list(tree.range())


def test_a_range_scan_does_not_climb_back_up_the_tree() -> None:
    tree, _ = build(range(200), order=4)
    visited: list[Any] = []
    original = BPlusTree.node

    def spy(self: BPlusTree, ref: Any) -> Any:
        visited.append(ref)
        return original(self, ref)

    BPlusTree.node = spy  # type: ignore[method-assign]
    try:
        rows = list(tree.range(50, 150))
    finally:
        BPlusTree.node = original  # type: ignore[method-assign]
    assert [k for k, _ in rows] == list(range(50, 150))
    internals = [ref for ref in visited if not ref.is_leaf]
    leaves = [ref for ref in visited if ref.is_leaf]
    assert len(internals) == tree.height - 1  # one descent
    assert all(isinstance(leaf, Leaf) for leaf in leaves)
    assert [leaf.keys[0] for leaf in leaves] == sorted(leaf.keys[0] for leaf in leaves)


# -- delete --


def test_an_underfull_leaf_borrows_from_its_right_sibling() -> None:
    tree, events = build([10, 20, 30, 40, 50])
    tree.delete(10)
    assert events == ["leaf [20 30] borrows from its right sibling"]
    assert shape(tree) == [[[40]], [[20, 30], [40, 50]]]  # the separator follows the move
    check(tree)


def test_an_underfull_leaf_borrows_from_its_left_sibling() -> None:
    tree, events = build([10, 20, 30, 40, 50, 25])
    del tree[50]
    assert events == [] and shape(tree) == [[[30]], [[10, 20, 25], [30, 40]]]
    del tree[40]
    assert events == ["leaf [25 30] borrows from its left sibling"]
    assert shape(tree) == [[[25]], [[10, 20], [25, 30]]]
    check(tree)


def test_leaves_at_the_minimum_merge_and_the_root_shrinks() -> None:
    tree, events = build([10, 20, 30, 40, 50])
    tree.delete(50)
    tree.delete(40)
    assert events == ["merge leaves → [10 20 30]", "root shrinks: height 1"]
    assert shape(tree) == [[[10, 20, 30]]] and tree.height == 1
    check(tree)


def test_the_leftmost_leaf_merges_with_its_right_sibling() -> None:
    tree, events = build([10, 20, 30, 40, 50])
    tree.delete(50)
    assert shape(tree) == [[[30]], [[10, 20], [30, 40]]]
    tree.delete(10)
    assert events == ["merge leaves → [20 30 40]", "root shrinks: height 1"]
    assert shape(tree) == [[[20, 30, 40]]]
    assert tree.root.next is None
    check(tree)


def test_a_merge_unlinks_the_emptied_leaf_from_the_chain() -> None:
    tree, events = build([10, 20, 30, 40, 50, 60, 70])
    tree.delete(70)
    assert shape(tree) == [[[30, 50]], [[10, 20], [30, 40], [50, 60]]]
    tree.delete(40)  # both neighbours are at the minimum: merge into the left one
    assert events == ["merge leaves → [10 20 30]"]
    assert shape(tree) == [[[50]], [[10, 20, 30], [50, 60]]]
    first, second = tree.levels()[-1]
    assert first.next is second and second.next is None
    check(tree)


def test_an_underfull_internal_node_borrows_from_its_right_sibling() -> None:
    tree, events = build(range(1, 16))
    assert shape(tree)[:2] == [[[7]], [[3, 5], [9, 11, 13]]]
    tree.delete(1)
    assert events == [
        "merge leaves → [2 3 4]",
        "internal [5 7] borrows from its right sibling",  # 7 comes down, 9 goes up
    ]
    assert shape(tree)[:2] == [[[9]], [[5, 7], [11, 13]]]
    check(tree)


def test_an_underfull_internal_node_borrows_from_its_left_sibling() -> None:
    tree, events = build([*range(10, 150, 10), 15, 16, 17])
    assert shape(tree)[:2] == [[[70]], [[16, 30, 50], [90, 110]]]
    tree.delete(70)
    assert events == [
        "merge leaves → [80 90 100]",
        "internal [70 110] borrows from its left sibling",  # 70 comes down, 50 goes up
    ]
    assert shape(tree)[:2] == [[[50]], [[16, 30], [70, 110]]]
    check(tree)


def test_internal_nodes_merge_and_the_tree_loses_a_level() -> None:
    tree, events = build(range(1, 14))
    assert tree.height == 3
    tree.delete(1)
    assert events == [
        "merge leaves → [2 3 4]",
        "merge internal nodes → [5 7 9 11]",  # the root's separator 7 comes down
        "root shrinks: height 2",
    ]
    assert shape(tree) == [[[5, 7, 9, 11]], [[2, 3, 4], [5, 6], [7, 8], [9, 10], [11, 12, 13]]]
    check(tree)


def test_deleting_everything_leaves_an_empty_tree_of_height_one() -> None:
    tree, _ = build(range(300), order=3)
    for key in range(0, 300, 7):
        assert tree.delete(key)
        check(tree)
    for key in list(tree):
        del tree[key]
    assert (len(tree), tree.height, list(tree)) == (0, 1, [])
    assert tree.delete(5) is False
    check(tree)


# -- the checker itself: it must catch a broken tree --


def test_the_invariant_checker_catches_a_broken_tree() -> None:
    tree, _ = build(range(1, 16))
    leaf = tree.levels()[-1][2]
    leaf.keys.reverse()
    with pytest.raises(InvariantError, match="not strictly sorted"):
        check(tree)
    leaf.keys.reverse()
    leaf.keys[0] = 0  # below its separator
    with pytest.raises(InvariantError, match="below its separator"):
        check(tree)
    leaf.keys[0] = 5
    tree._size += 1
    with pytest.raises(InvariantError, match="len\\(tree\\)"):
        check(tree)
