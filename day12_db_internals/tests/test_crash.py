"""Crash recovery for real: a writer process is SIGKILLed at random moments, again and again.

The writer prints ``ack <seq>`` only after ``put`` returns (its log record is fsync'd). After each
kill the store is reopened and audited: every acknowledged write must be there, and every value
must be exactly one that was written (no torn or stale record read as data).
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from course.testing import ROOT
from day12_db_internals.crash_writer import Audit, audit, key_for, value_for
from day12_db_internals.engine import WAL_FRAME, WAL_PUT, Store

KILLS = 20


def start_writer(path: Path, first_seq: int) -> tuple[subprocess.Popen[bytes], bytes]:
    """The writer as a real process, once it has recovered the store and said ``ready``."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "day12_db_internals.crash_writer", str(path), str(first_seq)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    out, deadline = b"", time.monotonic() + 5
    while b"ready\n" not in out:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            stderr = proc.communicate()[1].decode()
            pytest.fail(f"the writer did not start: {stderr}")
        if select.select([proc.stdout], [], [], 0.1)[0]:
            out += os.read(proc.stdout.fileno(), 65536)
    return proc, out


def tear_in_flight_record(wal: Path, in_flight: int, rng: random.Random) -> bool:
    """Simulate a power cut that caught the unacknowledged write half-way to the disk: if the
    log's last record is the in-flight write, keep only a random prefix of it. (A SIGKILL alone
    cannot tear a record: the engine writes each one with a single write call.)"""
    raw, pos, last = wal.read_bytes(), 0, None
    while pos + WAL_FRAME.size <= len(raw):
        last = pos
        pos += WAL_FRAME.size + WAL_FRAME.unpack_from(raw, pos)[0]
    expected = key_for(in_flight) + value_for(in_flight)
    if last is None or raw[last + WAL_FRAME.size + WAL_PUT.size : pos] != expected:
        return False
    os.truncate(wal, rng.randrange(last + 1, pos))
    return True


def test_no_acknowledged_write_is_lost_across_random_sigkills(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    path, acked, next_seq = tmp_path / "store", [], 0
    tears = torn_tails = replayed = in_flight_found = 0
    started = time.monotonic()
    for kill in range(1, KILLS + 1):
        proc, out = start_writer(path, next_seq)
        try:
            # The kill point: a random moment, so it lands mid-write, mid-fsync, mid-checkpoint.
            time.sleep(rng.uniform(0.0, 0.1))
        finally:
            proc.send_signal(signal.SIGKILL)
            out += proc.communicate()[0]  # the rest of its output; closes the pipes
        assert proc.returncode == -signal.SIGKILL
        # Only whole lines: an ack counts once the writer has printed all of it.
        round_acks = [int(line[4:]) for line in out.split(b"\n")[:-1] if line.startswith(b"ack ")]
        assert round_acks == list(range(next_seq, next_seq + len(round_acks)))
        acked += round_acks
        # The write in progress at the kill may or may not have committed; the next writer
        # starts with it again (same key, same value), so either outcome stays consistent.
        next_seq += len(round_acks)
        if kill % 2:
            tears += tear_in_flight_record(path.with_suffix(".wal"), next_seq, rng)

        with Store(path) as store:
            found = audit(store, acked, in_flight=next_seq)
            torn_tails += store.recovery.torn_bytes > 0
            replayed += store.recovery.records_replayed
            assert found == Audit(0, 0, 0, found.in_flight_found), f"kill {kill}, seed {seed}"
            in_flight_found += found.in_flight_found
    elapsed = time.monotonic() - started

    figures = (
        f"crash test: kills={KILLS} acknowledged_writes={len(acked)} lost=0 "
        f"torn_tails_cut={torn_tails} records_replayed={replayed} "
        f"in_flight_writes_found={in_flight_found} seconds={elapsed:.1f} seed={seed}"
    )
    with capsys.disabled():  # the figures belong in the test run's output, -s or not
        print(f"\n{figures}")
    assert len(acked) > KILLS  # the writer made real progress between kills
    assert torn_tails == tears > 0  # every torn record was cut, none was read as data


def test_the_audit_catches_a_lost_or_a_garbage_write(tmp_path: Path) -> None:
    with Store(tmp_path / "store") as store:
        for seq in range(5):
            store.put(key_for(seq), value_for(seq))
        assert audit(store, [0, 1, 2, 3, 4], in_flight=5) == Audit(0, 0, 0, 0)
        assert audit(store, [0, 1, 2, 3], in_flight=4) == Audit(0, 0, 0, 1)
        assert audit(store, list(range(6)), in_flight=6).lost == 1  # seq 5 was acked, not stored
        store.put(key_for(2), value_for(2)[:-1])  # a torn value
        assert audit(store, [0, 1, 2, 3, 4], in_flight=5) == Audit(1, 1, 0, 0)
