"""The narrated demo, run as a learner runs it: a real process that draws, counts and exits 0."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from course.testing import ROOT
from day14_bplus_tree import demo
from day14_bplus_tree.invariants import check
from day14_bplus_tree.paged_tree import PagedBPlusTree
from day14_bplus_tree.tree import BPlusTree


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "day14_bplus_tree", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_demo_runs_and_shows_every_idea(tmp_path: Path) -> None:
    done = run_demo("--dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    # Inserts: leaf splits copy a key up, internal splits move one up, the root grows.
    assert re.search(r"split leaf → \[[\d ]+\] \[[\d ]+\], copy \d+ up", out)
    assert re.search(r"split internal → \[[\d ]+\] \[[\d ]+\], move \d+ up", out)
    assert "new root [40]: height 3" in out
    # The picture: a root line, and the leaves joined by their links.
    assert "(5 10)→(15 20 25)→(30 35)→(40 45 50)→(55 60)→(65 70)→(75 80)" in out
    # Search: one node per level.
    assert out.count("3 nodes visited = height 3") == 2
    # Range scan: half-open, one descent then the leaf chain.
    assert "range(25, 66) → [25, 30, 35, 40, 45, 50, 55, 60, 65]" in out
    assert "2 internal nodes to find 25, then 5 leaves" in out
    # Delete: every repair is shown, down to an empty tree.
    for event in (
        "borrows from its left sibling",
        "borrows from its right sibling",
        "merge leaves →",
        "merge internal nodes →",
        "root shrinks: height 2",
        "root shrinks: height 1",
    ):
        assert event in out, event
    assert "empty again: 0 keys, height 1" in out
    # Fan-out and pages: a lookup reads height pages, a scan height - 1 + its leaves.
    assert re.search(r"\s+171\s+3–3\s+5–5", out)
    reads = re.findall(r"get\('user:\w+'\) = \w+: (\d+) page reads, height (\d+)", out)
    assert len(reads) == 4 and all(r == h == "3" for r, h in reads)
    assert "range('user:001000', 'user:001100'): 100 rows, 10 page reads" in out
    assert "10 lookups of one key: 4 page reads, 27 cache hits" in out  # 1 meta + 3 on the path
    # Garbage refused, and the flipped bit and the torn page are caught.
    assert "ValueError: key 'user:xxxxxxxxxxxxxxxxxxxx' is 25 bytes in UTF-8" in out
    assert "TypeError: keys of a page-backed tree are str, got int 42" in out
    assert "file unchanged: True, still 3000 keys" in out
    assert re.search(r"one flipped bit in page \d+: CorruptPage: .* \(checksum mismatch\)", out)
    assert re.search(r"cut 100 bytes short: CorruptPage: page \d+ .* is short: 412 of 512", out)
    assert f"files kept in {tmp_path}" in out
    assert "both pages put back: every rule holds again, 3000 keys" in out
    # The kept file is whole pages again, and it is a tree a program can open.
    assert (tmp_path / "tree.db").stat().st_size % 512 == 0
    with PagedBPlusTree.open_file(tmp_path / "tree.db") as tree:
        assert tree.pager.page_size == 512 and len(tree) == 3000
        assert tree.get("user:000042") == 42
        check(tree)


def test_the_demo_takes_another_order_and_refuses_bad_arguments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert demo.main(["--order", "3", "--keys", "12", "--seed", "1"]) == 0
    assert "order − 1 = 2 keys" in capsys.readouterr().out
    for args, message in (
        (["--order", "2"], "--order must be between 3 and 8"),
        (["--keys", "0"], "--keys must be between 1 and 30"),
    ):
        with pytest.raises(SystemExit) as exit_:
            demo.main(args)
        assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_a_fan_out_in_the_hundreds_keeps_a_billion_keys_3_to_5_levels_deep() -> None:
    # A 4 KB page of 16-byte keys (order 171) and a 16 KB page of 8-byte keys (order 1024).
    for order in (171, 1024):
        lowest = demo.levels(10**9, order, full=True)
        tallest = demo.levels(10**9, order, full=False)
        assert 3 <= lowest <= tallest <= 5, order
    # The formula is about real trees: every tree of n keys lies between all-full and half-full.
    for order in (3, 4, 16):
        for n in (10, 1000, 5000):
            tree = BPlusTree(order)
            for key in random.Random(n).sample(range(n), n):
                tree[key] = key
            full, half = demo.levels(n, order, full=True), demo.levels(n, order, full=False)
            assert full <= tree.height <= half, (order, n)
