"""What makes a B+ tree a B+ tree, checked node by node: the rules every operation must keep.

The property-based tests call ``check`` after every single insert, delete, lookup and scan, so
an operation that breaks a rule is caught at the step that broke it, not 200 steps later.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

from day14_bplus_tree.node import Node
from day14_bplus_tree.tree import BPlusTree


class InvariantError(AssertionError):
    """The tree broke one of its rules; the message names the rule and the node."""


def check(tree: BPlusTree) -> None:
    """Raise InvariantError unless every rule below holds for ``tree``."""
    leaves: list[Node] = []
    _check_node(tree, tree.root, None, None, 1, leaves, is_root=True)
    _check_chain(tree, leaves)


def _check_node(
    tree: BPlusTree,
    node: Node,
    lo: Any,
    hi: Any,
    depth: int,
    leaves: list[Node],
    *,
    is_root: bool,
) -> None:
    # Messages are built only on failure: check runs after every operation of every test.
    keys = node.keys
    if not all(a < b for a, b in pairwise(keys)):
        raise InvariantError(f"keys not strictly sorted in {node!r}")
    # Separators bound their subtrees: every key here is in [lo, hi).
    if keys and lo is not None and not keys[0] >= lo:
        raise InvariantError(f"{node!r} holds {keys[0]!r}, below its separator {lo!r}")
    if keys and hi is not None and not keys[-1] < hi:
        raise InvariantError(f"{node!r} holds {keys[-1]!r}, not below its separator {hi!r}")
    # Occupancy: at most order - 1 keys; at least ceil(order / 2) - 1 except at the root.
    # (Computed from the order here, not read from the tree, so a wrong bound there shows.)
    most, least = tree.order - 1, math.ceil(tree.order / 2) - 1
    if len(keys) > most:
        raise InvariantError(f"{node!r} has {len(keys)} keys, more than {most}")
    if not is_root and len(keys) < least:
        raise InvariantError(f"{node!r} has {len(keys)} keys, fewer than {least}")
    if node.is_leaf:
        if len(node.values) != len(keys):
            raise InvariantError(f"{node!r} has {len(node.values)} values")
        # All leaves at the same depth: the height is the length of every root-to-leaf path.
        if depth != tree.height:
            raise InvariantError(f"{node!r} at depth {depth}, but the height is {tree.height}")
        leaves.append(node)
        return
    if len(node.children) != len(keys) + 1:
        raise InvariantError(f"{node!r} has {len(node.children)} children")
    if is_root and not keys:
        raise InvariantError(f"internal root {node!r} has no separator (it should have shrunk)")
    bounds = [lo, *keys, hi]
    for i, ref in enumerate(node.children):
        child = tree.node(ref)
        _check_node(tree, child, bounds[i], bounds[i + 1], depth + 1, leaves, is_root=False)


def _check_chain(tree: BPlusTree, leaves: list[Node]) -> None:
    """The ``next`` links visit exactly the leaves the parents point to, in the same order."""
    chained = list(tree.leaves())
    if [leaf.keys for leaf in chained] != [leaf.keys for leaf in leaves]:
        raise InvariantError("the leaf links do not visit the leaves left to right")
    keys = [key for leaf in chained for key in leaf.keys]
    if not all(a < b for a, b in pairwise(keys)):
        raise InvariantError("keys are not sorted across the leaf chain")
    if len(keys) != len(tree):
        raise InvariantError(f"{len(keys)} keys in the leaves, but len(tree) is {len(tree)}")
    if not keys and tree.height != 1:
        raise InvariantError("an empty tree is a single empty leaf")
