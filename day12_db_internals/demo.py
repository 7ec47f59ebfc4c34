"""The storage engine, narrated: the log first, pages later, an index instead of a scan, crashes.

    python -m day12_db_internals [--keys N] [--dir DIR]

Runs in a temporary folder (or in DIR, kept afterwards so you can look at ``store.db`` and
``store.wal``) and exits. The timings it prints are this machine's, measured once: orders of
magnitude to compare, not a benchmark.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path

from day12_db_internals.crash_writer import audit
from day12_db_internals.engine import (
    PAGE_CRC,
    PAGE_META,
    PAGE_SIZE,
    CorruptPage,
    RecordTooLarge,
    Store,
)

CITIES = ("Oslo", "Lagos", "Lima", "Pune", "Kyiv", "Quito", "Hanoi", "Accra")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m day12_db_internals", description=__doc__)
    parser.add_argument("--keys", type=int, default=2000, help="how many users to load")
    parser.add_argument("--dir", type=Path, help="keep the store files here (default: a temp dir)")
    args = parser.parse_args(argv)
    if args.keys < 1:
        parser.error("--keys must be at least 1")
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
        run(args.dir, args.keys)
        print(f"\nfiles kept in {args.dir}; look inside with: xxd {args.dir}/store.db | head")
    else:
        with tempfile.TemporaryDirectory(prefix="day12-") as folder:
            run(Path(folder), args.keys)
    return 0


def run(folder: Path, keys: int) -> None:
    print("Day 12 · How a database stores data")
    print(f"  files in {folder}; pages of {PAGE_SIZE} bytes")
    for name in ("store", "crash", "costs"):  # a fresh start when --dir is reused
        for suffix in (".db", ".wal"):
            (folder / name).with_suffix(suffix).unlink(missing_ok=True)
    path = folder / "store"
    load(path, keys)
    lookup_vs_scan(path, keys)
    show_costs(folder)
    crash(folder / "crash")
    torn_tail(path)
    corrupt_page(path)
    too_big(path)


def section(title: str) -> None:
    print(f"\n{title}")


def user(i: int) -> tuple[str, str]:
    return f"user:{i:06d}", f"name=User {i};city={CITIES[i % len(CITIES)]};" + "x" * (i % 40)


def load(path: Path, keys: int) -> None:
    section("1. A write goes to the log first; pages reach the data file at a checkpoint")
    # A bulk load without fsync, like a restore: the checkpoint's fsync makes it all durable.
    with Store(path, fsync=False) as store:
        for i in range(keys):
            store.put(*user(i))
        print(
            f"  put {keys} users: log {store.wal_size:,} bytes, "
            f"data file {store.data_path.stat().st_size} bytes, {store.dirty_pages} dirty pages"
        )
        written = store.checkpoint()
        size = store.data_path.stat().st_size
        print(
            f"  checkpoint: {written} pages written, data file {size:,} bytes "
            f"({size // PAGE_SIZE} × {PAGE_SIZE}), log {store.wal_size} bytes"
        )
    raw = path.with_suffix(".db").read_bytes()[:PAGE_SIZE]
    (crc,) = PAGE_CRC.unpack_from(raw)
    number, lsn, count = PAGE_META.unpack_from(raw, PAGE_CRC.size)
    print(f"  page 0 header: crc32=0x{crc:08x} page={number} lsn={lsn} records={count}")


def lookup_vs_scan(path: Path, keys: int) -> None:
    section("2. An index lookup reads one page; a scan reads them all")
    with Store(path) as store:
        print(
            f"  open: {store.recovery.pages_read} page reads to rebuild the index "
            f"(key → page number), {store.recovery.records_replayed} log records replayed"
        )
        key, _ = user(keys // 2)
        reads = _page_reads(store, lambda: store.get(key))
        print(f"  get({key!r}): {reads} page read, through the index")
        reads = _page_reads(store, lambda: store.get("user:none"))
        print(f"  get('user:none'): {reads} page reads, the index knows it is absent")
        oslo: list[bytes] = []
        reads = _page_reads(
            store, lambda: oslo.extend(k for k, v in store.scan() if b"=Oslo;" in v)
        )
        print(
            f"  users in Oslo: {len(oslo)}, by a full scan: {reads} page reads "
            f"of {store.page_count} pages (the index is on the key, not the city)"
        )


def _page_reads(store: Store, action: Callable[[], object]) -> int:
    before = store.stats.page_reads
    action()
    return store.stats.page_reads - before


def measure_costs(folder: Path, rounds: int = 5) -> list[tuple[str, float]]:
    """Seconds per operation (median of ``rounds`` batches): memory, a page read, two commits."""
    table = {b"k%d" % i: b"v" * 100 for i in range(1000)}
    keys = list(table)
    timer = timeit.Timer("table[key]", globals={"table": table, "key": keys[500]})
    rows = [("dict get (memory)", statistics.median(timer.repeat(rounds, 100_000)) / 100_000)]
    path = folder / "costs"
    with Store(path, fsync=False) as store:
        for key, value in table.items():
            store.put(key, value)
        store.checkpoint()  # clean pages: each get below is a pread + CRC32 + decode
        read = _per_op(lambda i: store.get(keys[i % 1000]), 400, rounds)
        rows.append(("page read (pread + crc32)", read))
        rows.append(
            ("commit, fsync off", _per_op(lambda i: store.put(b"c%d" % i, b"v"), 200, rounds))
        )
    with Store(path) as store:
        rows.append(
            ("commit, fsync on", _per_op(lambda i: store.put(b"s%d" % i, b"v"), 10, rounds))
        )
    for suffix in (".db", ".wal"):
        path.with_suffix(suffix).unlink()
    return rows


def _per_op(op: Callable[[int], object], n: int, rounds: int) -> float:
    per_round = []
    for r in range(rounds):
        start = time.perf_counter()
        for i in range(r * n, (r + 1) * n):
            op(i)
        per_round.append((time.perf_counter() - start) / n)
    return statistics.median(per_round)


def show_costs(folder: Path) -> None:
    section("3. Memory vs disk: one operation, on this machine (an illustration, not a benchmark)")
    rows = measure_costs(folder)
    base = rows[0][1]
    for name, seconds in rows:
        print(f"  {name:<27} {seconds * 1e6:>10.3f} µs {seconds / base:>10,.0f}× a dict get")
    print("  the page reads come from the OS page cache; a cold read also waits for the device")


def crash(path: Path) -> None:
    section("4. kill -9 in the middle of writing: no acknowledged write is lost")
    writer = subprocess.Popen(
        [sys.executable, "-m", "day12_db_internals.crash_writer", str(path), "0"],
        stdout=subprocess.PIPE,
    )
    out = b""
    try:
        out += _read_until(writer, b"ack 199\n", deadline_s=20)
        time.sleep(random.uniform(0, 0.02))  # a random moment: mid-write, -fsync or -checkpoint
    finally:
        writer.send_signal(signal.SIGKILL)
        out += writer.communicate()[0]  # the rest of its output; closes the pipe
    # Whole lines only: an ack counts once the writer has printed all of it.
    acked = [int(line.split()[1]) for line in out.split(b"\n")[:-1] if line.startswith(b"ack ")]
    with Store(path) as store:
        found = audit(store, acked, in_flight=acked[-1] + 1)
        print(f"  the writer acknowledged {len(acked)} writes, then got SIGKILL")
        print(
            f"  open: {store.recovery.records_replayed} log records replayed, "
            f"torn tail cut: {store.recovery.torn_bytes} bytes"
        )
        print(
            f"  acknowledged writes lost: {found.lost}, values never written: {found.not_written}, "
            f"in-flight write found: {found.in_flight_found}"
        )


def _read_until(proc: subprocess.Popen[bytes], marker: bytes, deadline_s: float) -> bytes:
    """Read ``proc``'s stdout until ``marker`` shows up; fail at the deadline or if it exits."""
    assert proc.stdout is not None
    out, deadline = b"", time.monotonic() + deadline_s
    while marker not in out:
        left = deadline - time.monotonic()
        if left <= 0 or proc.poll() is not None:
            raise RuntimeError(f"the writer stopped or stalled before {marker!r}")
        if select.select([proc.stdout], [], [], left)[0]:
            out += os.read(proc.stdout.fileno(), 65536)
    return out


def torn_tail(path: Path) -> None:
    section("5. A torn log tail: the half-written record is cut off, never read as data")
    store = Store(path)
    for i in range(3):
        store.put(f"torn:{i}", f"value {i}")
    size = store.wal_size
    store.close(checkpoint=False)  # the process "dies": only the log has these three writes
    os.truncate(store.wal_path, size - 5)  # the last record loses its last 5 bytes
    print(f"  3 commits in a {size}-byte log, then the file is cut to {size - 5} bytes")
    with Store(path) as store:
        got = [store.get(f"torn:{i}") for i in range(3)]
        print(
            f"  open: {store.recovery.records_replayed} records replayed, "
            f"{store.recovery.torn_bytes} torn bytes cut; torn:0..2 -> {got}"
        )


def corrupt_page(path: Path) -> None:
    section("6. A flipped bit in the data file: the page checksum refuses the page")
    data = path.with_suffix(".db")
    page = data.stat().st_size // PAGE_SIZE // 2
    offset = page * PAGE_SIZE + 100
    original = _flip_bit(data, offset)
    print(f"  flipped one bit of byte {offset:,} (in page {page})")
    try:
        Store(path)
    except CorruptPage as exc:
        print(f"  CorruptPage: {exc}")
    with data.open("r+b") as f:  # put the byte back for the next section
        f.seek(offset)
        f.write(original)


def _flip_bit(file: Path, offset: int) -> bytes:
    with file.open("r+b") as f:
        f.seek(offset)
        original = f.read(1)
        f.seek(offset)
        f.write(bytes([original[0] ^ 0x01]))
    return original


def too_big(path: Path) -> None:
    section("7. A record no page can hold is refused before anything is written")
    with Store(path) as store:
        before = store.wal_size
        try:
            store.put("big", b"x" * PAGE_SIZE)
        except RecordTooLarge as exc:
            print(f"  RecordTooLarge: {exc}")
        print(
            f"  log {before} bytes before, {store.wal_size} after; get('big') -> {store.get('big')}"
        )
