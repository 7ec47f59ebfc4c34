"""The tree as a text picture: one line per level, each parent centred over its children.

    [30]
    [20]          [40 50]
    (10)→(20 25)→(30 35)→(40 45)→(50 60)

Internal nodes are ``[separators]``, leaves are ``(keys)``, and ``→`` is a leaf's ``next`` link:
the path a range scan takes along the bottom without climbing back up.
"""

from __future__ import annotations

from typing import Any

from day14_bplus_tree.tree import BPlusTree

LINK = "→"


def draw(tree: BPlusTree, *, max_width: int = 160) -> str:
    """The picture, or a one-line summary per level when it would be wider than ``max_width``."""
    levels = tree.levels()
    labels = [[_label(node) for node in level] for level in levels]
    spans = _layout(levels, labels)
    width = max(
        start + len(label)
        for level, row in zip(spans, labels, strict=True)
        for start, label in zip(level, row, strict=True)
    )
    if width > max_width:
        return "\n".join(
            f"level {depth}: {_count(len(level), 'leaf' if level[0].is_leaf else 'node')}, "
            f"{_count(sum(len(n.keys) for n in level), 'key')}"
            for depth, level in enumerate(levels)
        )
    lines = []
    for row, starts in zip(labels, spans, strict=True):
        line = [" "] * width
        for label, start in zip(row, starts, strict=True):
            line[start : start + len(label)] = label
        lines.append("".join(line).rstrip())
    # Draw the leaf links between consecutive leaves.
    bottom = list(lines[-1])
    for start in spans[-1][1:]:
        bottom[start - 1] = LINK
    lines[-1] = "".join(bottom)
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    plural = "leaves" if noun == "leaf" else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


def _label(node: Any) -> str:
    keys = " ".join(str(key) for key in node.keys)
    return f"({keys})" if node.is_leaf else f"[{keys}]"


def _layout(levels: list[list[Any]], labels: list[list[str]]) -> list[list[int]]:
    """Start column of every label: leaves side by side, each parent over its children."""
    starts: list[list[int]] = [[] for _ in levels]
    column = 0
    for label in labels[-1]:
        starts[-1].append(column)
        column += len(label) + 1  # one column for the link arrow
    for depth in range(len(levels) - 2, -1, -1):
        child = 0
        previous_end = -2
        for node, label in zip(levels[depth], labels[depth], strict=True):
            first, last = child, child + len(node.children) - 1
            child += len(node.children)
            below = starts[depth + 1]
            left = below[first]
            right = below[last] + len(labels[depth + 1][last])
            start = max((left + right - len(label)) // 2, previous_end + 2, 0)
            starts[depth].append(start)
            previous_end = start + len(label)
    return starts
