"""A writer that acknowledges a write only after commit returns: the other side of a crash test.

    python -m day12_db_internals.crash_writer STORE_PATH FIRST_SEQ

Opens the store (crash recovery), prints ``ready``, then commits write FIRST_SEQ, FIRST_SEQ + 1, …
until it is killed, printing ``ack <seq>`` after each ``put`` returns. A client that saw the ack
may rely on the write; one that did not may find it there or not. Every value is derived from its
sequence number, so ``audit`` can tell a real write from a torn or stale one.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from day12_db_internals.engine import Store

KEYS = 199  # writes cycle over this many keys: records are overwritten, grow, shrink and move
CHECKPOINT_EVERY = 50  # so some kills land in the middle of a checkpoint


def key_for(seq: int) -> bytes:
    return b"key-%03d" % (seq % KEYS)


def value_for(seq: int) -> bytes:
    return b"seq=%d;" % seq + bytes([97 + seq % 26]) * (seq * 7919 % 300)


@dataclass
class Audit:
    lost: int  # acknowledged writes a reader does not get back (through the index)
    not_written: int  # values no write produced: torn, stale or garbage records
    duplicates: int  # keys stored on more than one page
    in_flight_found: int  # the write in progress at the kill: committed, never acknowledged


def audit(store: Store, acked: list[int], in_flight: int) -> Audit:
    """Compare a recovered store with the writer's acks (in order). For each key the store must
    hold its last acknowledged write, or the one write that was in flight when the writer died."""
    latest = {key_for(seq): seq for seq in acked}
    allowed = {key: {value_for(seq)} for key, seq in latest.items()}
    allowed.setdefault(key_for(in_flight), set()).add(value_for(in_flight))
    records = list(store.scan())
    found = dict(records)
    return Audit(
        lost=sum(1 for key in latest if store.get(key) not in allowed[key]),
        not_written=sum(1 for key, value in records if value not in allowed.get(key, ())),
        duplicates=len(records) - len(found),
        in_flight_found=int(found.get(key_for(in_flight)) == value_for(in_flight)),
    )


def main(argv: list[str]) -> int:
    path, seq = argv[0], int(argv[1])
    store = Store(path)
    os.write(1, b"ready\n")  # os.write: one unbuffered write, nothing held back at the kill
    while True:
        store.put(key_for(seq), value_for(seq))
        os.write(1, b"ack %d\n" % seq)  # only now, after the fsync, is the write acknowledged
        if seq % CHECKPOINT_EVERY == CHECKPOINT_EVERY - 1:
            store.checkpoint()
        seq += 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
