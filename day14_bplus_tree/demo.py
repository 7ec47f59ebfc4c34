"""A B+ tree, narrated: splits as keys go in, a range scan, borrows and merges, page reads.

    python -m day14_bplus_tree [--order 4] [--keys 16] [--seed 14] [--dir DIR]

The first part draws a small in-memory tree after every change of shape; the second puts a
tree in a file of 512-byte pages (in a temporary folder, or in DIR, kept afterwards) and counts
the pages each lookup reads. Runs in about a second and exits.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import re
import tempfile
from pathlib import Path

from day14_bplus_tree.draw import draw
from day14_bplus_tree.invariants import check
from day14_bplus_tree.layout import order_for
from day14_bplus_tree.paged_tree import PagedBPlusTree
from day14_bplus_tree.pages import CorruptPage
from day14_bplus_tree.tree import BPlusTree

PAGE_SIZE = 512
PAGED_KEYS = 3000


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m day14_bplus_tree", description=__doc__)
    parser.add_argument("--order", type=int, default=4, help="fan-out of the drawn tree (3–8)")
    parser.add_argument("--keys", type=int, default=16, help="keys in the drawn tree (1–30)")
    parser.add_argument("--seed", type=int, default=14, help="shuffles the keys")
    parser.add_argument("--dir", type=Path, help="keep the page file here (default: a temp dir)")
    args = parser.parse_args(argv)
    if not 3 <= args.order <= 8:
        parser.error("--order must be between 3 and 8 (bigger trees do not fit on a screen)")
    if not 1 <= args.keys <= 30:
        parser.error("--keys must be between 1 and 30")
    print("Day 14 · A B+ tree from scratch")
    tree = grow(args.order, args.keys, random.Random(args.seed))
    search(tree)
    scan(tree)
    shrink(tree, random.Random(args.seed + 1))
    fan_out()
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
        on_disk(args.dir)
        print(f"\nfiles kept in {args.dir}; look inside with: xxd {args.dir}/tree.db | head")
    else:
        with tempfile.TemporaryDirectory(prefix="day14-") as folder:
            on_disk(Path(folder))
    return 0


def section(title: str) -> None:
    print(f"\n== {title}")


def indent(text: str, by: str = "    ") -> str:
    return "\n".join(by + line for line in text.splitlines())


def grow(order: int, count: int, rng: random.Random) -> BPlusTree:
    section(f"1. insert: order {order}")
    events: list[str] = []
    tree = BPlusTree(order, trace=events.append)
    print(
        f"  a node holds at most order − 1 = {tree.max_keys} keys and, except the root, at "
        f"least ⌈order/2⌉ − 1 = {tree.min_keys}; [internal] nodes route, (leaves) hold the data"
    )
    keys = [5 * i for i in range(1, count + 1)]
    rng.shuffle(keys)
    quiet: list[int] = []
    for key in keys:
        tree.insert(key, f"v{key}")
        check(tree)
        if not events:
            quiet.append(key)
            continue
        if quiet:
            print(f"  insert {', '.join(map(str, quiet))}: room in the leaf, nothing else moves")
            quiet = []
        print(f"  insert {key}:")
        for event in events:
            print(f"    {event}")
        events.clear()
        print(indent(draw(tree), "      "))
    if quiet:
        print(f"  insert {', '.join(map(str, quiet))}: room in the leaf, nothing else moves")
    print(f"  {len(tree)} keys, height {tree.height}: every leaf is {tree.height - 1} levels down")
    print(indent(draw(tree)))
    return tree


def search(tree: BPlusTree) -> None:
    section("2. search: one binary search per level")
    keys = list(tree)
    for key in (keys[len(keys) // 3], keys[-1] + 1):
        path = tree.path_to(key)
        steps = " → ".join(
            f"{'(' if node.is_leaf else '['}{' '.join(map(str, node.keys))}"
            f"{')' if node.is_leaf else ']'}"
            for node in path
        )
        print(f"  get({key}) = {tree.get(key)!r}: {steps}")
        print(f"    {len(path)} nodes visited = height {tree.height}")


def scan(tree: BPlusTree) -> None:
    section("3. range scan: one descent, then along the leaf links")
    keys = list(tree)
    lo, hi = keys[len(keys) // 4], keys[(3 * len(keys)) // 4] + 1
    found = [key for key, _ in tree.range(lo, hi)]
    # The leaves the scan reads, by the scan's own rule: the leaf the descent finds, then
    # along `next` until a leaf ends at or past `hi`.
    leaf = tree.path_to(lo)[-1]
    touched = [leaf]
    while leaf.next is not None and (not leaf.keys or leaf.keys[-1] < hi):
        leaf = tree.node(leaf.next)
        touched.append(leaf)
    print(f"  range({lo}, {hi}) → {found}")
    chain = "→".join(f"({' '.join(map(str, leaf.keys))})" for leaf in touched)
    print(f"    {tree.height - 1} internal nodes to find {lo}, then {len(touched)} leaves: {chain}")


def shrink(tree: BPlusTree, rng: random.Random) -> None:
    section("4. delete: borrow from a sibling, else merge; the root shrinks")
    events: list[str] = []
    tree.trace = events.append
    quiet: list[int] = []
    shown: set[str] = set()
    while len(tree):
        key = next_to_delete(tree, rng, shown)
        tree.delete(key)
        check(tree)
        if not events:
            quiet.append(key)
            continue
        if quiet:
            print(f"  delete {', '.join(map(str, quiet))}: no node falls below the minimum")
            quiet = []
        print(f"  delete {key}:")
        for event in events:
            print(f"    {event}")
            shown.add(kind(event))
        events.clear()
        print(indent(draw(tree), "      "))
    if quiet:
        print(f"  delete {', '.join(map(str, quiet))}: no node falls below the minimum")
    tree.trace = None
    print(f"  empty again: {len(tree)} keys, height {tree.height}")


def next_to_delete(tree: BPlusTree, rng: random.Random, shown: set[str]) -> int:
    """A random key, preferring one whose delete shows a case not shown yet (tried on a copy)."""
    keys = list(tree)
    rng.shuffle(keys)
    for key in keys:
        seen: list[str] = []
        trial = copy.deepcopy(tree)
        trial.trace = seen.append
        trial.delete(key)
        if any(kind(event) not in shown for event in seen):
            return key
    return keys[0]


def kind(event: str) -> str:
    """'leaf [35] borrows from its left sibling' → 'leaf borrows from its left sibling'."""
    return " ".join(re.sub(r"\[.*?\]|→|:.*|\d+", "", event).split())


def fan_out() -> None:
    section("5. fan-out: why databases want wide nodes")
    small, large = order_for(4096, 16), order_for(16384, 8)
    print(f"  a 4 KB page holds {small - 1} keys of 16 bytes with their pointers: order {small}")
    print(f"  a 16 KB page (InnoDB's size) holds {large - 1} keys of 8 bytes: order {large}")
    print(
        f"  {'order':>7} {'levels for 10^6 keys':>22} {'for 10^9 keys':>15}   (nodes full – half full)"
    )
    for order in (4, 16, small, large):
        cells = [
            f"{levels(n, order, full=True)}–{levels(n, order, full=False)}" for n in (10**6, 10**9)
        ]
        print(f"  {order:>7} {cells[0]:>22} {cells[1]:>15}")
    print("  every level is one page read; the top one or two levels stay in the cache")


def levels(keys: int, order: int, *, full: bool) -> int:
    """Height of a tree of ``keys`` whose nodes are all full (the lowest) or all at their
    minimum (the tallest it can be: a root of 2 children, every other node half full)."""
    if full:
        nodes, height = -(-keys // (order - 1)), 1  # leaves needed
        while nodes > 1:
            nodes, height = -(-nodes // order), height + 1
        return height
    low = (order + 1) // 2
    height = 1
    while 2 * low ** (height - 1) * (low - 1) <= keys:  # enough keys for one more level
        height += 1
    return height


def on_disk(folder: Path) -> None:
    section(f"6. pages: the same tree, one node per {PAGE_SIZE}-byte page")
    path = folder / "tree.db"
    path.unlink(missing_ok=True)
    names = [f"user:{i:06d}" for i in range(PAGED_KEYS)]
    random.Random(6).shuffle(names)
    with PagedBPlusTree.open_file(path, page_size=PAGE_SIZE, cache_pages=64) as tree:
        for name in names:
            tree.insert(name, int(name[5:]))
        print(
            f"  {len(tree)} keys in {tree.pages} pages ({path.stat().st_size} bytes), order "
            f"{tree.order}, height {tree.height}"
        )
        print(indent(draw(tree)))
    with PagedBPlusTree.open_file(path, cache_pages=0) as tree:
        print("  reopened with the page cache off (the file is all that is left):")
        for name in ("user:000042", "user:001500", "user:002999", "user:nobody"):
            before = tree.pager.reads
            value = tree.get(name)
            print(
                f"    get({name!r}) = {value}: {tree.pager.reads - before} page reads, "
                f"height {tree.height}"
            )
        before = tree.pager.reads
        rows = list(tree.range("user:001000", "user:001100"))
        print(
            f"    range('user:001000', 'user:001100'): {len(rows)} rows, "
            f"{tree.pager.reads - before} page reads ({tree.height} down, the rest along the leaves)"
        )
    with PagedBPlusTree.open_file(path, cache_pages=64) as tree:
        for _ in range(10):
            tree.get("user:000042")
        print(
            f"  with a 64-page cache, 10 lookups of one key: {tree.pager.reads} page reads, "
            f"{tree.pager.hits} cache hits"
        )
        refuse(tree, path)
    corrupt(path)


def refuse(tree: PagedBPlusTree, path: Path) -> None:
    section("7. refusing garbage")
    before = path.read_bytes()
    for key, value in (("user:" + "x" * 20, 1), (42, 1), ("user:ok", "not an int")):
        try:
            tree.insert(key, value)
        except (TypeError, ValueError) as exc:
            print(f"  insert({key!r}, {value!r}) → {type(exc).__name__}: {exc}")
    same = path.read_bytes() == before
    print(f"  file unchanged: {same}, still {len(tree)} keys")


def corrupt(path: Path) -> None:
    with PagedBPlusTree.open_file(path) as tree:
        leaf = tree.path_to("user:000042")[-1].ref
    offset = leaf * PAGE_SIZE + 100
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01  # one flipped bit, as a bad disk or a stray write would leave
    path.write_bytes(bytes(data))
    with PagedBPlusTree.open_file(path) as tree:
        try:
            tree.get("user:000042")
        except CorruptPage as exc:
            print(f"  one flipped bit in page {leaf}: CorruptPage: {exc}")
        print(f"  other pages still answer: get('user:002000') = {tree.get('user:002000')}")
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    os.truncate(path, len(data) - 100)  # the last page torn short, as by a crash mid-write
    with PagedBPlusTree.open_file(path) as tree:
        try:
            list(tree.range())
        except CorruptPage as exc:
            print(f"  the file cut 100 bytes short: CorruptPage: {exc}")
    path.write_bytes(bytes(data))  # put the page back, as a database would from its log
    with PagedBPlusTree.open_file(path) as tree:
        check(tree)
        print(f"  both pages put back: every rule holds again, {len(tree)} keys")
