"""``python -m course bench 19``: why ``==`` leaks and ``hmac.compare_digest`` does not.

Times comparing a correct signature with a guess that is wrong in its *first* byte and one that
is wrong only in its *last* byte. ``==`` returns at the first difference, so the second takes
longer: the time tells an attacker how much of the guess was right, and lets them find a
signature one byte at a time (16 tries per hex digit instead of 16**64 for the whole thing).
``compare_digest`` always looks at every byte. Long strings make the effect visible from
Python; for a 64-byte signature it is nanoseconds, which statistics over many requests recover.

    python -m course bench 19 [--repeat 7]
"""

from __future__ import annotations

import argparse
import hmac
import timeit


def per_call_ns(stmt: str, env: dict[str, object], repeat: int) -> float:
    timer = timeit.Timer(stmt, globals=env)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number * 1e9


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m course bench 19")
    parser.add_argument("--repeat", type=int, default=7, help="timing runs; the minimum is kept")
    args = parser.parse_args(argv)

    print(f"{'length':>9}  {'compare':<20} {'wrong first byte':>17} {'wrong last byte':>16}  ratio")
    for size in (64, 1 << 20):
        secret = b"a" * size
        env = {
            "hmac": hmac,
            "secret": secret,
            "early": b"b" + secret[1:],
            "late": secret[:-1] + b"b",
        }
        for label, template in (
            ("==", "secret == {}"),
            ("compare_digest", "hmac.compare_digest(secret, {})"),
        ):
            early = per_call_ns(template.format("early"), env, args.repeat)
            late = per_call_ns(template.format("late"), env, args.repeat)
            print(
                f"{size:>9}  {label:<20} {early:>14.1f} ns {late:>13.1f} ns  {late / early:5.1f}×"
            )
    return 0
