"""Day 12 · How a database stores data: pages, a write-ahead log, fsync and crash recovery."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=12,
    title="How a database stores data",
    learn=(
        Bullet(
            "Fixed-size pages: the data file is an array of 4096-byte pages, each with a "
            "header (CRC32 checksum, page number, LSN, record count)",
            code=("engine.py:Page.encode", "engine.py:Page.decode"),
            tests=(
                "tests/test_pages.py::test_data_file_is_whole_pages_each_with_a_checksummed_header",
            ),
        ),
        Bullet(
            "A write-ahead log: every write is a length-framed, CRC32-checked record, fsync'd "
            "before the write is acknowledged",
            code=("engine.py:Store.put", "engine.py:Store._log"),
            tests=(
                "tests/test_wal.py::test_records_are_length_framed_and_crc32_checked",
                "tests/test_wal.py::test_commit_fsyncs_the_log_before_the_write_is_visible",
            ),
        ),
        Bullet(
            "Crash recovery: on open, replay the log up to the last complete, checksum-valid "
            "record; a torn tail is cut off, never read as data (a test SIGKILLs a writer and "
            "loses nothing)",
            code=("engine.py:Store._recover", "engine.py:_next_record", "crash_writer.py"),
            tests=(
                "tests/test_crash.py::test_no_acknowledged_write_is_lost_across_random_sigkills",
                "tests/test_wal.py::test_a_torn_tail_is_cut_and_only_complete_records_come_back",
                "tests/test_wal.py::test_replay_stops_at_a_record_with_a_bad_checksum",
            ),
        ),
        Bullet(
            "Checkpointing: dirty pages go to the data file, are fsync'd, and only then is "
            "the log truncated",
            code=("engine.py:Store.checkpoint",),
            tests=(
                "tests/test_wal.py::test_checkpoint_writes_dirty_pages_then_truncates_the_log",
                "tests/test_wal.py::test_checkpoint_fsyncs_the_pages_before_it_truncates_the_log",
                "tests/test_wal.py::test_a_crash_in_the_middle_of_a_checkpoint_loses_nothing",
            ),
        ),
        Bullet(
            "An index (key → page) turns a lookup into one page read; a full scan reads every page",
            code=("engine.py:Store.get", "engine.py:Store.scan", "demo.py:lookup_vs_scan"),
            tests=("tests/test_index.py::test_a_lookup_reads_one_page_and_a_scan_reads_them_all",),
        ),
        Bullet(
            "Refusing garbage: a page with a bad checksum raises `CorruptPage`; a record too "
            "big for a page is refused before anything is written",
            code=("engine.py:Page.decode", "engine.py:_check"),
            tests=(
                "tests/test_pages.py::test_a_flipped_bit_in_a_page_is_refused_with_the_page_number",
                "tests/test_pages.py::test_bad_records_are_refused_and_nothing_is_written",
            ),
        ),
        Bullet(
            "Memory vs disk: what a dict get, a page read and a commit with and without fsync cost",
            code=("demo.py:measure_costs", "demo.py:show_costs"),
            tests=(
                "tests/test_demo.py::test_measure_costs_times_memory_a_page_read_and_two_commits",
                "tests/test_demo.py::test_the_demo_runs_and_shows_every_idea",
            ),
        ),
    ),
    kind="demo",
    try_these=(
        "python -m day12_db_internals",
        "python -m day12_db_internals --keys 20000 --dir /tmp/day12",
    ),
    tags=("storage", "pages", "wal", "fsync", "recovery", "checkpoint", "index"),
)
