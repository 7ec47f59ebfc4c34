"""The text picture: parents centred over their children, leaves joined by their links."""

from __future__ import annotations

from day14_bplus_tree.draw import draw
from day14_bplus_tree.tree import BPlusTree


def tree_of(order: int, keys: range) -> BPlusTree:
    tree = BPlusTree(order)
    for key in keys:
        tree[key] = key
    return tree


def test_the_picture_shows_every_level_and_the_leaf_links() -> None:
    assert draw(tree_of(5, range(1, 14))) == (
        "                 [7]\n"
        "      [3 5]               [9 11]\n"
        "(1 2)→(3 4)→(5 6)→(7 8)→(9 10)→(11 12 13)"
    )


def test_an_empty_tree_is_one_empty_leaf() -> None:
    assert draw(BPlusTree(3)) == "()"


def test_a_tree_too_wide_to_draw_is_summed_up_per_level() -> None:
    picture = draw(tree_of(3, range(200)), max_width=160)
    lines = picture.splitlines()
    assert lines[0] == "level 0: 1 node, 2 keys"
    assert lines[-1] == "level 7: 199 leaves, 200 keys"
