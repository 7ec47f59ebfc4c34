"""A notebook that example modules write in when their code runs.

It lives in its own module so it survives when the module being counted is run again
(``importlib.reload``, or after its ``sys.modules`` entry is deleted).
"""

from __future__ import annotations

from collections import Counter

EXECUTED: Counter[str] = Counter()


def record(module_name: str) -> None:
    EXECUTED[module_name] += 1


def times_run(module_name: str) -> int:
    return EXECUTED[module_name]
