"""The two kinds of node: internal nodes route, leaves hold the data and link to the next leaf.

A *reference* to a node is whatever the tree uses to find it again: the node object itself in
memory, a page number on disk. The nodes do not care, which is why one set of algorithms in
``tree.py`` serves both trees.
"""

from __future__ import annotations

from typing import Any


class Leaf:
    """Sorted ``keys`` with their ``values`` side by side, and ``next``: the leaf to the right.

    Two parallel lists instead of a list of pairs: ``bisect`` runs on ``keys`` directly, and a
    range scan can slice both lists in C instead of unpacking tuples in Python.
    """

    __slots__ = ("keys", "values", "next", "ref")
    is_leaf = True

    def __init__(
        self, keys: list[Any] | None = None, values: list[Any] | None = None, next: Any = None
    ) -> None:
        self.keys: list[Any] = keys if keys is not None else []
        self.values: list[Any] = values if values is not None else []
        self.next: Any = next  # reference to the right sibling; None at the last leaf
        self.ref: Any = None  # how the tree finds this node again (set by the tree)

    def __repr__(self) -> str:
        return f"Leaf({self.keys})"


class Internal:
    """``keys[i]`` separates ``children[i]`` (keys < it) from ``children[i + 1]`` (keys >= it).

    An internal node holds no values: only separators and one more child than keys. That is
    the "+" in B+ tree, and why its nodes fit so many children: the fan-out.
    """

    __slots__ = ("keys", "children", "ref")
    is_leaf = False

    def __init__(self, keys: list[Any] | None = None, children: list[Any] | None = None) -> None:
        self.keys: list[Any] = keys if keys is not None else []
        self.children: list[Any] = children if children is not None else []
        self.ref: Any = None

    def __repr__(self) -> str:
        return f"Internal({self.keys})"


Node = Leaf | Internal
