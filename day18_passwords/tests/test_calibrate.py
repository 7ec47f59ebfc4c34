"""Calibration picks the strongest cost under the target — and never goes below the OWASP floor."""

from __future__ import annotations

from day18_passwords import calibrate
from shared.security import OWASP_FLOOR, HashCost


def model(kind: str, setting: tuple[int, ...]) -> float:
    """A pretend machine: Argon2 time grows with memory × passes, bcrypt doubles per round."""
    if kind == "argon2":
        memory, passes = setting
        return memory * passes / 1024  # the floor (19 MiB × 2) takes 38 ms
    return 50 * 2 ** (setting[0] - 10)  # cost 10: 50 ms


def test_picks_the_strongest_cost_under_the_target() -> None:
    cost, trials = calibrate.calibrate(target_ms=300, max_memory_kib=65536, measure=model)
    # Memory first (64 MiB × 2 = 128 ms ≤ 300), then passes (64 MiB × 4 = 256, × 5 = 320 > 300).
    assert cost == HashCost(65536, 4, 1, 12)  # bcrypt: 12 → 200 ms, 13 → 400 ms
    assert all(t.under_target for t in trials if t.setting in {(65536, 4), (12,)})
    assert not any(t.under_target for t in trials if t.setting in {(65536, 5), (13,)})


def test_memory_is_capped() -> None:
    cost, _ = calibrate.calibrate(target_ms=10_000, max_memory_kib=32768, measure=model)
    assert cost.argon2_memory_kib == 32768 and cost.argon2_time_cost == calibrate.MAX_PASSES


def test_a_slow_machine_keeps_the_floor_never_less() -> None:
    cost, trials = calibrate.calibrate(target_ms=1, measure=model)
    assert cost == OWASP_FLOOR
    assert [t.setting for t in trials] == [(19456, 2), (10,)]  # measured once each, then stopped


def test_main_prints_the_table_and_the_env_lines(capsys) -> None:
    assert calibrate.main(["--target-ms", "300"], measure=model) == 0
    out = capsys.readouterr().out
    assert "argon2id m=65536 (64 MiB), t=5, p=1" in out and "over target" in out
    assert "DAY18_ARGON2_MEMORY_KIB=65536" in out and "DAY18_BCRYPT_ROUNDS=12" in out


def test_a_real_measurement_on_this_machine(capsys) -> None:
    """The real timer, with a target nothing meets: one Argon2id and one bcrypt hash timed."""
    assert calibrate.main(["--target-ms", "0.001", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "the OWASP floor for argon2 takes" in out and "the floor is kept" in out
    assert f"Chosen: {OWASP_FLOOR.describe()}" in out
