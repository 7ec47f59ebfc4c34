"""A B+ tree in memory: every leaf at the same depth, so every lookup costs the same few steps.

    tree = BPlusTree(order=4)
    tree[30] = "thirty"; tree.get(30); list(tree.range(10, 50)); del tree[30]

``order`` is the fan-out: an internal node has at most ``order`` children, so every node holds
at most ``order - 1`` keys and, except the root, at least ``ceil(order / 2) - 1``.

The insert and delete algorithms below reach nodes only through five small hooks (``node``,
``_ref``, ``_new_leaf``/``_new_internal``, ``_save``, ``_free``). Here a reference *is* the
node object and saving does nothing; ``paged_tree.py`` overrides the hooks so that a reference
is a page number and saving writes the page. Same algorithm, two storages.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from itertools import chain
from typing import Any

from day14_bplus_tree.node import Internal, Leaf, Node

Path = list[tuple[Internal, int]]  # the internal nodes above a leaf, with the child index taken


class BPlusTree:
    """An ordered map. ``trace``, when given, is called with one line per split, borrow or merge."""

    def __init__(self, order: int = 64, trace: Callable[[str], None] | None = None) -> None:
        self._set_order(order)
        self.trace = trace
        self._root: Any = self._ref(self._new_leaf([], [], None))
        self._height = 1
        self._size = 0

    def _set_order(self, order: int) -> None:
        if not isinstance(order, int) or isinstance(order, bool) or order < 3:
            # Order 2 would leave a split half empty: no B+ tree has fewer than 3 children.
            raise ValueError(f"order must be an integer >= 3, got {order!r}")
        self.order = order
        self.max_keys = order - 1
        self.min_keys = (order + 1) // 2 - 1  # ceil(order / 2) - 1

    # -- hooks: how nodes are found, created, saved and freed (overridden by PagedBPlusTree) --

    def node(self, ref: Any) -> Node:
        """Follow a reference to its node: free in memory, a page read on disk."""
        return ref

    def _ref(self, node: Node) -> Any:
        return node

    def _new_leaf(self, keys: list[Any], values: list[Any], next: Any) -> Leaf:
        return Leaf(keys, values, next)

    def _new_internal(self, keys: list[Any], children: list[Any]) -> Internal:
        return Internal(keys, children)

    def _save(self, *nodes: Node) -> None:
        """Called after a node changed. In memory the change is already where it belongs."""

    def _free(self, node: Node) -> None:
        """Called when a merge empties a node. In memory the garbage collector takes it."""

    def _changed(self) -> None:
        """Called once an insert or delete is complete (root, height or size may differ)."""

    def _check(self, key: Any, value: Any) -> None:
        """Refuse a key or value before anything changes. Memory takes any comparable key."""

    # -- reading --

    def __len__(self) -> int:
        return self._size

    @property
    def height(self) -> int:
        """Levels from the root to the leaves: the number of nodes every lookup visits."""
        return self._height

    @property
    def root(self) -> Node:
        return self.node(self._root)

    def get(self, key: Any, default: Any = None) -> Any:
        # The hot path the benchmark measures, so the descent is written out with no hooks:
        # one C-level binary search per level, and a fixed number of levels.
        node = self._root
        for _ in range(self._height - 1):
            node = node.children[bisect_right(node.keys, key)]
        keys = node.keys
        i = bisect_left(keys, key)
        if i != len(keys) and keys[i] == key:
            return node.values[i]
        return default

    def __getitem__(self, key: Any) -> Any:
        node = self._root
        for _ in range(self._height - 1):
            node = node.children[bisect_right(node.keys, key)]
        keys = node.keys
        i = bisect_left(keys, key)
        if i != len(keys) and keys[i] == key:
            return node.values[i]
        raise KeyError(key)

    def path_to(self, key: Any) -> list[Node]:
        """The nodes a lookup of ``key`` visits, root first: always ``height`` of them."""
        leaf, path = self._descend(key)
        return [node for node, _ in path] + [leaf]

    def __contains__(self, key: Any) -> bool:
        marker = object()
        return self.get(key, marker) is not marker

    def range(self, lo: Any = None, hi: Any = None) -> Iterator[tuple[Any, Any]]:
        """``(key, value)`` for ``lo <= key < hi`` in order; ``None`` means unbounded.

        One descent finds the first leaf; after that the scan never goes up the tree again:
        it follows ``next`` from leaf to leaf, as a database reads consecutive index pages.
        """
        return chain.from_iterable(self._leaf_slices(lo, hi))

    def _leaf_slices(self, lo: Any, hi: Any) -> Iterator[zip]:
        leaf = self.root
        for _ in range(self._height - 1):
            leaf = self.node(leaf.children[0 if lo is None else bisect_right(leaf.keys, lo)])
        i = 0 if lo is None else bisect_left(leaf.keys, lo)
        while True:
            keys = leaf.keys
            if hi is not None and keys and not keys[-1] < hi:  # the range ends in this leaf
                j = bisect_left(keys, hi, i)
                yield zip(keys[i:j], leaf.values[i:j], strict=True)
                return
            # Slices copy in C, so the caller may change the tree between leaves safely.
            yield zip(keys[i:], leaf.values[i:], strict=True)
            if leaf.next is None:
                return
            leaf, i = self.node(leaf.next), 0

    def __iter__(self) -> Iterator[Any]:
        return (key for key, _ in self.range())

    def items(self) -> Iterator[tuple[Any, Any]]:
        return self.range()

    def leaves(self) -> Iterator[Leaf]:
        """Every leaf, left to right, through the ``next`` links (not through the parents)."""
        node = self.root
        while not node.is_leaf:
            node = self.node(node.children[0])
        while True:
            yield node
            if node.next is None:
                return
            node = self.node(node.next)

    def levels(self) -> list[list[Node]]:
        """The nodes level by level, root first (for pictures and invariant checks)."""
        level = [self.root]
        out = [level]
        while not level[0].is_leaf:
            level = [self.node(child) for parent in level for child in parent.children]
            out.append(level)
        return out

    # -- insert --

    def __setitem__(self, key: Any, value: Any) -> None:
        self.insert(key, value)

    def insert(self, key: Any, value: Any) -> bool:
        """Add or replace ``key``; True if it was new."""
        self._check(key, value)
        leaf, path = self._descend(key)
        i = bisect_left(leaf.keys, key)
        if i < len(leaf.keys) and leaf.keys[i] == key:
            leaf.values[i] = value
            self._save(leaf)
            return False
        leaf.keys.insert(i, key)
        leaf.values.insert(i, value)
        self._size += 1
        if len(leaf.keys) > self.max_keys:
            self._split(leaf, path)
        else:
            self._save(leaf)
        self._changed()
        return True

    def _descend(self, key: Any) -> tuple[Leaf, Path]:
        """The leaf where ``key`` belongs, and the internal nodes on the way (to fix on the way up)."""
        node = self.root
        path: Path = []
        while not node.is_leaf:
            i = bisect_right(node.keys, key)
            path.append((node, i))
            node = self.node(node.children[i])
        return node, path

    def _split(self, leaf: Leaf, path: Path) -> None:
        # A leaf splits in two and *copies* the right half's first key up: the key stays in the
        # leaf, because only leaves hold values.
        mid = len(leaf.keys) // 2
        right: Node = self._new_leaf(leaf.keys[mid:], leaf.values[mid:], leaf.next)
        del leaf.keys[mid:], leaf.values[mid:]
        leaf.next = self._ref(right)
        separator = right.keys[0]
        self._save(leaf, right)
        self._event(f"split leaf → {_show(leaf.keys)} {_show(right.keys)}, copy {separator!r} up")
        left: Node = leaf
        for parent, i in reversed(path):
            parent.keys.insert(i, separator)
            parent.children.insert(i + 1, self._ref(right))
            if len(parent.keys) <= self.max_keys:
                self._save(parent)
                return
            # A full internal node splits too, but *moves* its middle key up: a separator is
            # needed once per level, and the halves below already tell the keys apart.
            mid = len(parent.keys) // 2
            separator = parent.keys[mid]
            right = self._new_internal(parent.keys[mid + 1 :], parent.children[mid + 1 :])
            del parent.keys[mid:], parent.children[mid + 1 :]
            self._save(parent, right)
            self._event(
                f"split internal → {_show(parent.keys)} {_show(right.keys)}, move {separator!r} up"
            )
            left = parent
        # The root itself split: the tree grows a level at the top, never at the bottom, which
        # is why every leaf is always at the same depth.
        root = self._new_internal([separator], [self._ref(left), self._ref(right)])
        self._save(root)
        self._root = self._ref(root)
        self._height += 1
        self._event(f"new root {_show(root.keys)}: height {self._height}")

    # -- delete --

    def __delitem__(self, key: Any) -> None:
        if not self.delete(key):
            raise KeyError(key)

    def delete(self, key: Any) -> bool:
        """Remove ``key``; False if it was not there."""
        leaf, path = self._descend(key)
        i = bisect_left(leaf.keys, key)
        if i == len(leaf.keys) or leaf.keys[i] != key:
            return False
        del leaf.keys[i], leaf.values[i]
        self._size -= 1
        self._rebalance(leaf, path)
        self._changed()
        return True

    def _rebalance(self, node: Node, path: Path) -> None:
        """Walk up from ``node`` fixing underfull nodes: borrow from a sibling, else merge."""
        while path and len(node.keys) < self.min_keys:
            parent, i = path.pop()
            left = self.node(parent.children[i - 1]) if i > 0 else None
            right = self.node(parent.children[i + 1]) if i + 1 < len(parent.children) else None
            # Borrowing touches three nodes and stops here; prefer it to a merge.
            if left is not None and len(left.keys) > self.min_keys:
                self._borrow_from_left(node, left, parent, i)
                return
            if right is not None and len(right.keys) > self.min_keys:
                self._borrow_from_right(node, right, parent, i)
                return
            # Both neighbours are at the minimum, so two nodes fit in one: merge, and the
            # parent loses a separator (and may underflow in turn: go up a level).
            if left is not None:
                self._merge(left, node, parent, i - 1)
            else:
                self._merge(node, right, parent, i)
            node = parent
        if not path and not node.is_leaf and not node.keys:
            # The root has one child left: that child becomes the root, the tree one level lower.
            self._root = node.children[0]
            self._height -= 1
            self._free(node)
            self._event(f"root shrinks: height {self._height}")
        else:
            self._save(node)

    def _borrow_from_left(self, node: Node, left: Node, parent: Internal, i: int) -> None:
        if node.is_leaf:
            node.keys.insert(0, left.keys.pop())
            node.values.insert(0, left.values.pop())
            parent.keys[i - 1] = node.keys[0]  # the new first key of node separates them
        else:
            # Rotate through the parent: its separator comes down, left's last key goes up.
            node.keys.insert(0, parent.keys[i - 1])
            node.children.insert(0, left.children.pop())
            parent.keys[i - 1] = left.keys.pop()
        self._save(node, left, parent)
        kind = "leaf" if node.is_leaf else "internal"
        self._event(f"{kind} {_show(node.keys)} borrows from its left sibling")

    def _borrow_from_right(self, node: Node, right: Node, parent: Internal, i: int) -> None:
        if node.is_leaf:
            node.keys.append(right.keys.pop(0))
            node.values.append(right.values.pop(0))
            parent.keys[i] = right.keys[0]
        else:
            node.keys.append(parent.keys[i])
            node.children.append(right.children.pop(0))
            parent.keys[i] = right.keys.pop(0)
        self._save(node, right, parent)
        kind = "leaf" if node.is_leaf else "internal"
        self._event(f"{kind} {_show(node.keys)} borrows from its right sibling")

    def _merge(self, left: Node, right: Node, parent: Internal, j: int) -> None:
        """Fold ``right`` into ``left``; ``parent.keys[j]`` separated them."""
        separator = parent.keys.pop(j)
        parent.children.pop(j + 1)
        if left.is_leaf:
            left.keys += right.keys
            left.values += right.values
            left.next = right.next  # unlink the emptied leaf from the chain
        else:
            # The separator comes down between the two halves: it still divides their children.
            left.keys += [separator, *right.keys]
            left.children += right.children
        self._save(left, parent)
        self._free(right)
        kind = "leaves" if left.is_leaf else "internal nodes"
        self._event(f"merge {kind} → {_show(left.keys)}")

    def _event(self, text: str) -> None:
        if self.trace is not None:
            self.trace(text)


def _show(keys: list[Any]) -> str:
    return "[" + " ".join(str(k) for k in keys) + "]"
