"""The benchmark runs and prints its table (the timings themselves are never judged here)."""

from __future__ import annotations

import re

import pytest

from day14_bplus_tree.bench import main


def test_the_benchmark_compares_both_sides_and_counts_page_reads(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--keys", "3000", "--lookups", "3000", "--ranges", "50", "--repeat", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "vs sortedcontainers.SortedDict: 3,000 int keys, 3,000 lookups, 50 ranges of 100" in out
    number = r"[\d.]+ (?:ns|µs)"
    assert re.search(rf"point lookup\s+tree\[k\]\s+d\[k\]\s+{number}\s+{number}\s+[\d.]+×", out)
    assert re.search(rf"range scan\s+list\(tree.range\(lo, hi\)\)\s+d.items\(\).*{number}", out)
    assert "goal ≤ 2×" in out and "goal ≤ 1.5×" in out
    # The floor under any Python tree: a call plus one bisect per level of this tree's height.
    height = re.search(r"B\+ tree \(order 128, height (\d+)\)", out).group(1)
    for label in ("d[k]: one hash probe in C", "a __getitem__ that does no work"):
        assert re.search(rf"{re.escape(label)}\s+{number}\s+[\d.]+× d\[k\]", out)
    assert f"call + {height} bisects (height {height}): the least" in out
    # Cache off: exactly one page read per level; with a cache, fewer.
    rows = re.findall(r"^\s+(512|4096)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)$", out, flags=re.M)
    assert [r[0] for r in rows] == ["512", "4096"]
    for _, _, height, cold, cached in rows:
        assert float(cold) == int(height) and float(cached) < int(height)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--keys", "0"], "--keys must be at least 1"),
        (["--span", "500", "--keys", "100"], "--span"),
    ],
)
def test_the_benchmark_refuses_bad_sizes(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2 and message in capsys.readouterr().err
