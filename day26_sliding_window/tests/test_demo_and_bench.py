"""The narrated demo and the benchmark run, and say what the lesson claims."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from day26_sliding_window import bench, demo
from shared.settings import get_settings


@pytest.fixture
def on_test_redis(monkeypatch: pytest.MonkeyPatch, redis_url: str) -> Iterator[None]:
    monkeypatch.setenv("REDIS_URL", redis_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_demo_shows_the_boundary_and_the_race(
    on_test_redis: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo.main([]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line[:18].strip()}
    assert rows["15.0"] == ["0", "0", "5"]  # fixed, log, counter at 15.0 s
    assert rows["10.5"] == ["10", "10", "0"]
    assert "most in any 10 s               20               10               15" in out
    assert "two MULTI pipelines        admitted 200 of 200" in out
    assert "WATCH + MULTI              admitted  10 of 200, after" in out


def test_the_bench_compares_with_limits_and_counts_over_admissions(
    on_test_redis: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code = bench.main(["--seconds", "0.05", "--rounds", "1", "--tasks", "8", "--requests", "2000"])
    out = capsys.readouterr().out
    assert code == 0, out
    rows = [line.split(" | ") for line in out.splitlines() if line.startswith("| ")][2:]
    names = [row[0].lstrip("| ") for row in rows]
    assert names == [
        "sliding log (this lesson)",
        "limits MovingWindowRateLimiter",
        "sliding counter (this lesson)",
        "limits SlidingWindowCounterRateLimiter",
        "limits moving window + get_window_stats",
    ]
    assert all(row[-2:] == ["50", "0 |"] for row in rows)  # 50 of 500 admitted, none over
    assert rows[0][2].endswith("×") and rows[2][2].endswith("×")  # ratios beside their peers
    assert out.count("requests/s") == 2 and "$ redis-benchmark -h" in out
