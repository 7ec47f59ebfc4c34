"""The narrated demo, run as a learner runs it: a real process that prints counts and exits 0."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from course.testing import ROOT
from day12_db_internals.demo import measure_costs
from day12_db_internals.engine import Store


def run_demo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "day12_db_internals", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_demo_runs_and_shows_every_idea(tmp_path: Path) -> None:
    done = run_demo("--keys", "3000", "--dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    # Pages and a checkpoint: the data file is whole pages, the log is empty afterwards.
    written, pages = map(
        int,
        re.search(r"checkpoint: (\d+) pages written.*\((\d+) × 4096\), log 0 bytes", out).groups(),
    )
    assert written == pages > 10
    # Index vs scan, counted in page reads.
    assert re.search(r"get\('user:001500'\): 1 page read, through the index", out)
    assert "get('user:none'): 0 page reads" in out
    scan = re.search(r"users in Oslo: (\d+), by a full scan: (\d+) page reads of (\d+) pages", out)
    assert scan and int(scan[1]) == 375 and int(scan[2]) == int(scan[3]) == pages
    # Memory vs disk: every row printed with a number (the numbers themselves are not judged).
    for row in (
        "dict get (memory)",
        "page read (pread + crc32)",
        "commit, fsync off",
        "commit, fsync on",
    ):
        assert re.search(rf"{re.escape(row)}\s+\d+\.\d+ µs\s+[\d,]+× a dict get", out), row
    # A real SIGKILL, a torn tail, a flipped bit, a record too big.
    assert re.search(r"acknowledged (\d+) writes, then got SIGKILL", out)
    assert "acknowledged writes lost: 0, values never written: 0" in out
    assert (
        "2 records replayed, 26 torn bytes cut; torn:0..2 -> [b'value 0', b'value 1', None]" in out
    )
    assert re.search(r"CorruptPage: page \d+ of .*store\.db is corrupt \(checksum mismatch\)", out)
    assert "RecordTooLarge: key + value is 4099 bytes" in out
    assert "get('big') -> None" in out
    # --dir keeps the files, and the flipped bit was put back: the store still opens.
    with Store(tmp_path / "store") as store:
        assert len(store) == 3000 + 2  # the users and torn:0, torn:1
    assert f"files kept in {tmp_path}" in out


def test_the_demo_refuses_a_bad_argument() -> None:
    done = run_demo("--keys", "0")
    assert done.returncode == 2 and "--keys must be at least 1" in done.stderr


def test_measure_costs_times_memory_a_page_read_and_two_commits(tmp_path: Path) -> None:
    rows = measure_costs(tmp_path, rounds=1)
    # What is compared, in order; the figures are this machine's, so only their presence counts.
    assert [name for name, _ in rows] == [
        "dict get (memory)",
        "page read (pread + crc32)",
        "commit, fsync off",
        "commit, fsync on",
    ]
    assert all(seconds > 0 for _, seconds in rows)
    assert list(tmp_path.iterdir()) == []  # its scratch store is removed
