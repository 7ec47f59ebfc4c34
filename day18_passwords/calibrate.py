"""Pick the hash cost for *this* machine: the strongest parameters under a time target.

    python -m day18_passwords demo calibrate [--target-ms 250] [--max-memory-mib 64]
    python -m day18_passwords.calibrate      (the same)

A password hash should be as slow as your users tolerate, because every millisecond you spend
per login an attacker spends per guess. OWASP's numbers are the *minimum*; on a fast server
you can afford more. The search, from the OWASP floor upwards:

1. Argon2id memory first (19 → 32 → 46 → 64 … MiB at t=2, up to ``--max-memory-mib``): memory
   is what makes GPU and ASIC cracking expensive. Then more passes (t) at that memory.
2. bcrypt rounds from 10 up (each +1 doubles the time) — used only if you make bcrypt the
   scheme for new hashes; legacy bcrypt hashes keep whatever cost they were made with.

Each candidate is timed (median of ``--repeat`` hashes); the search stops at the first one over
the target. If even the floor is over the target, the floor is kept: never go below it.
Remember the memory bound when choosing ``--max-memory-mib``: hash workers × m at once.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from shared.security import OWASP_FLOOR, HashCost

#: Argon2id memory candidates, KiB (19 MiB is OWASP's floor; 46 MiB its t=1 alternative)
MEMORY_LADDER_KIB = (19456, 32768, 47104, 65536, 98304, 131072, 196608, 262144)
MAX_PASSES = 10
MAX_BCRYPT_ROUNDS = 16

#: measure(kind, setting) -> milliseconds for one hash; kind is "argon2" or "bcrypt"
Measure = Callable[[str, tuple[int, ...]], float]


@dataclass(frozen=True)
class Trial:
    kind: str  # "argon2" or "bcrypt"
    setting: tuple[int, ...]  # (m KiB, t) or (rounds,)
    ms: float
    under_target: bool

    @property
    def label(self) -> str:
        if self.kind == "argon2":
            m, t = self.setting
            return f"argon2id m={m} ({m // 1024} MiB), t={t}, p=1"
        return f"bcrypt cost {self.setting[0]}"


def timer(repeat: int = 3) -> Measure:
    """A real measurement: the median of ``repeat`` hashes, after one warm-up hash."""
    from passlib.hash import argon2, bcrypt  # noqa: PLC0415 - loads the hash backends

    def measure(kind: str, setting: tuple[int, ...]) -> float:
        if kind == "argon2":
            m, t = setting
            handler = argon2.using(type="ID", memory_cost=m, rounds=t, parallelism=1)
        else:
            handler = bcrypt.using(rounds=setting[0])
        handler.hash("warm-up")
        times = []
        for i in range(repeat):
            started = time.perf_counter()
            handler.hash(f"calibration password {i}")
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    return measure


def calibrate(
    target_ms: float,
    max_memory_kib: int = 65536,
    measure: Measure | None = None,
    floor: HashCost = OWASP_FLOOR,
) -> tuple[HashCost, list[Trial]]:
    """The strongest cost whose hash takes at most ``target_ms`` here, never below ``floor``."""
    measure = measure or timer()
    trials: list[Trial] = []

    def fits(kind: str, setting: tuple[int, ...]) -> bool:
        ms = measure(kind, setting)
        trials.append(Trial(kind, setting, ms, ms <= target_ms))
        return ms <= target_ms

    memory, passes = floor.argon2_memory_kib, floor.argon2_time_cost
    if fits("argon2", (memory, passes)):
        for candidate in MEMORY_LADDER_KIB:
            if memory < candidate <= max_memory_kib:
                if not fits("argon2", (candidate, passes)):
                    break
                memory = candidate
        while passes < MAX_PASSES and fits("argon2", (memory, passes + 1)):
            passes += 1

    rounds = floor.bcrypt_rounds
    if fits("bcrypt", (rounds,)):
        while rounds < MAX_BCRYPT_ROUNDS and fits("bcrypt", (rounds + 1,)):
            rounds += 1

    chosen = HashCost(memory, passes, floor.argon2_parallelism, rounds)
    return chosen, trials


def env_lines(cost: HashCost) -> list[str]:
    return [
        f"DAY18_ARGON2_MEMORY_KIB={cost.argon2_memory_kib}",
        f"DAY18_ARGON2_TIME_COST={cost.argon2_time_cost}",
        f"DAY18_ARGON2_PARALLELISM={cost.argon2_parallelism}",
        f"DAY18_BCRYPT_ROUNDS={cost.bcrypt_rounds}",
    ]


def main(argv: Sequence[str] | None = None, measure: Measure | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m day18_passwords demo calibrate")
    parser.add_argument("--target-ms", type=float, default=250.0, help="time budget per hash")
    parser.add_argument(
        "--max-memory-mib", type=int, default=64, help="largest Argon2 memory to consider"
    )
    parser.add_argument("--repeat", type=int, default=3, help="hashes timed per candidate")
    args = parser.parse_args(list(argv or []))

    print(f"Timing candidate costs on this machine (target ≤ {args.target_ms:.0f} ms per hash)…")
    cost, trials = calibrate(
        args.target_ms, args.max_memory_mib * 1024, measure or timer(args.repeat)
    )
    print(f"  {'candidate':<36} {'ms/hash':>9}")
    for trial in trials:
        mark = "under target" if trial.under_target else "over target"
        print(f"  {trial.label:<36} {trial.ms:>9.1f}  {mark}")
    for kind in ("argon2", "bcrypt"):
        first = next(t for t in trials if t.kind == kind)
        if not first.under_target:
            print(
                f"  note: the OWASP floor for {kind} takes {first.ms:.0f} ms here, over the "
                "target; the floor is kept (never go below it)"
            )
    print(f"\nChosen: {cost.describe()}  (OWASP floor: {OWASP_FLOOR.describe()})")
    print("Put these in .env (or the environment) and restart the lesson:")
    for line in env_lines(cost):
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(__import__("sys").argv[1:]))
