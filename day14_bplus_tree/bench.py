"""The B+ tree against ``sortedcontainers.SortedDict``: same keys, same queries, one run.

    python -m course bench 14 [--keys 100000] [--lookups 100000] [--ranges 1000] [--span 100]

Each side runs the same queries; the time is the best of ``--repeat`` runs (the least
disturbed by the rest of the machine). ``ratio`` is tree time / SortedDict time: above 1 the
tree is slower. Then the page-backed tree: page reads per lookup against its height.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path

from day14_bplus_tree.paged_tree import PagedBPlusTree
from day14_bplus_tree.tree import BPlusTree


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m course bench 14", description=__doc__)
    parser.add_argument("--keys", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=100_000)
    parser.add_argument("--ranges", type=int, default=1_000)
    parser.add_argument("--span", type=int, default=100, help="keys per range scan")
    parser.add_argument("--order", type=int, default=128, help="order of the in-memory tree")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    for name in ("keys", "lookups", "ranges", "span", "repeat"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.span >= args.keys:
        parser.error("--span must be smaller than --keys")
    if args.order < 3:
        parser.error("--order must be at least 3")
    from sortedcontainers import SortedDict  # noqa: PLC0415 - a benchmark peer, not lesson code

    rng = random.Random(args.seed)
    keys = rng.sample(range(args.keys * 100), args.keys)
    tree = BPlusTree(args.order)
    for key in keys:
        tree[key] = key
    peer = SortedDict((key, key) for key in keys)
    ordered = sorted(keys)
    queries = [rng.choice(keys) for _ in range(args.lookups)]
    starts = [rng.randrange(args.keys - args.span) for _ in range(args.ranges)]
    bounds = [(ordered[i], ordered[i + args.span]) for i in starts]  # [lo, hi): span keys each

    # Same answers first: a fast wrong tree is not a result.
    lo, hi = bounds[0]
    assert list(tree.range(lo, hi)) == peer.items()[peer.bisect_left(lo) : peer.bisect_left(hi)]
    assert all(tree[k] == peer[k] for k in queries[:1000])

    def tree_lookups() -> None:
        for k in queries:
            tree[k]

    def peer_lookups() -> None:
        for k in queries:
            peer[k]

    def peer_ordered_lookups() -> None:
        find = peer.bisect_left
        for k in queries:
            find(k)

    def tree_ranges() -> None:
        for lo, hi in bounds:
            list(tree.range(lo, hi))

    def peer_ranges() -> None:
        items, find = peer.items(), peer.bisect_left
        for lo, hi in bounds:
            items[find(lo) : find(hi)]

    def peer_iranges() -> None:
        for lo, hi in bounds:
            [(k, peer[k]) for k in peer.irange(lo, hi, inclusive=(True, False))]

    def per_lookup(fn: Callable[[], None]) -> float:
        return best(fn, args.repeat) / args.lookups

    def per_range(fn: Callable[[], None]) -> float:
        return best(fn, args.repeat) / args.ranges

    print(
        f"B+ tree (order {tree.order}, height {tree.height}) vs sortedcontainers.SortedDict: "
        f"{args.keys:,} int keys, {args.lookups:,} lookups, {args.ranges:,} ranges of "
        f"{args.span}; best of {args.repeat}"
    )
    rows = [
        (
            "point lookup",
            "tree[k]",
            "d[k]",
            per_lookup(tree_lookups),
            per_lookup(peer_lookups),
            2.0,
        ),
        (
            "range scan",
            "list(tree.range(lo, hi))",
            "d.items()[bisect(lo):bisect(hi)]",
            per_range(tree_ranges),
            per_range(peer_ranges),
            1.5,
        ),
    ]
    print_table(rows)
    print("\nfor reference, SortedDict's other ways (same queries):")
    print_table(
        [
            (
                "ordered search",
                "tree[k]",
                "d.bisect_left(k)",
                per_lookup(tree_lookups),
                per_lookup(peer_ordered_lookups),
                None,
            ),
            (
                "range scan",
                "list(tree.range(lo, hi))",
                "[(k, d[k]) for k in irange]",
                per_range(tree_ranges),
                per_range(peer_iranges),
                None,
            ),
        ]
    )
    lookup_floor(queries, peer_lookups, tree, per_lookup)
    print("\nfan-out: the same lookups with other orders")
    print(f"  {'order':>6} {'height':>6} {'lookup':>9}")
    for order in (4, 16, 64, 128, 512):
        other = BPlusTree(order)
        for key in keys:
            other[key] = key

        def lookups(other: BPlusTree = other) -> None:
            for k in queries:
                other[k]

        print(f"  {order:>6} {other.height:>6} {fmt(per_lookup(lookups)):>9}")
    page_reads(keys[: min(args.keys, 20_000)], rng)
    return 0


class Floor:
    """The least a lookup written in Python can cost: a ``__getitem__`` that does no work."""

    def __getitem__(self, key: int) -> int:
        return key


def lookup_floor(
    queries: list[int],
    peer_lookups: Callable[[], None],
    tree: BPlusTree,
    per_lookup: Callable[[Callable[[], None]], float],
) -> None:
    """Why ≤ 2× of ``d[k]`` is out of reach for a tree written in Python: its parts, measured.

    ``d[k]`` is one hash probe in C. A tree in Python pays at least one Python-level call plus
    one binary search per level, and cannot be shallower than its height: the sum is a floor
    no tuning of the tree's own code goes below.
    """
    floor = Floor()
    node_keys = sorted(queries[: tree.order - 1])

    def calls() -> None:
        for k in queries:
            floor[k]

    def one_level() -> None:
        for k in queries:
            bisect_right(node_keys, k)

    hash_probe, call, level = per_lookup(peer_lookups), per_lookup(calls), per_lookup(one_level)
    least = call + tree.height * level
    print("\nthe floor under a tree in Python, against d[k] (same loop, same keys):")
    rows = (
        ("d[k]: one hash probe in C", hash_probe),
        ("a __getitem__ that does no work", call),
        (f"one bisect in a {tree.order - 1}-key node", level),
        (f"call + {tree.height} bisects (height {tree.height}): the least", least),
    )
    for label, t in rows:
        print(f"  {label:<44} {fmt(t):>9}  {t / hash_probe:5.2f}× d[k]")


def best(fn: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def print_table(rows: list[tuple[str, str, str, float, float, float | None]]) -> None:
    print(f"  {'operation':<15} {'B+ tree':<26} {'SortedDict':<34} {'tree':>9} {'peer':>9} ratio")
    for name, ours, theirs, t_tree, t_peer, goal in rows:
        ratio = t_tree / t_peer
        verdict = ""
        if goal is not None:
            verdict = f"  (goal ≤ {goal:g}×: {'met' if ratio <= goal else 'missed'})"
        print(
            f"  {name:<15} {ours:<26} {theirs:<34} {fmt(t_tree):>9} {fmt(t_peer):>9} "
            f"{ratio:5.2f}×{verdict}"
        )


def fmt(seconds: float) -> str:
    return f"{seconds * 1e9:.0f} ns" if seconds < 1e-6 else f"{seconds * 1e6:.1f} µs"


def page_reads(keys: list[int], rng: random.Random) -> None:
    """Page reads per lookup, cache off and on, for two page sizes."""
    names = [f"key:{k:010d}" for k in keys]
    wanted = rng.sample(names, min(1000, len(names)))
    print(f"\npage-backed tree: {len(names):,} keys of 16 bytes, {len(wanted)} lookups")
    print(
        f"  {'page size':>9} {'order':>5} {'height':>6} {'reads/lookup (no cache)':>24} "
        f"{'reads/lookup (64-page cache)':>29}"
    )
    with tempfile.TemporaryDirectory(prefix="day14-bench-") as folder:
        for page_size in (512, 4096):
            path = Path(folder) / f"tree-{page_size}.db"
            with PagedBPlusTree.open_file(path, page_size=page_size, cache_pages=256) as tree:
                for i, name in enumerate(names):
                    tree.insert(name, i)
            row = [page_size]
            for cache in (0, 64):
                with PagedBPlusTree.open_file(path, cache_pages=cache) as tree:
                    before = tree.pager.reads
                    for name in wanted:
                        tree.get(name)
                    row.append((tree.pager.reads - before) / len(wanted))
                    order, height = tree.order, tree.height
            print(f"  {page_size:>9} {order:>5} {height:>6} {row[1]:>24.2f} {row[2]:>29.2f}")
