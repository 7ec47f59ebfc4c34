"""Day 12 · How a database stores data: pages, a write-ahead log, fsync and crash recovery."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=12,
    title="How a database stores data",
    learn=(
        Bullet(
            "Fixed-size pages: the data file is an array of 4096-byte pages, each with a header "
            "(CRC32 checksum, page number, LSN, record count)",
            code=(),
            tests=(),
        ),
        Bullet(
            "A write-ahead log: every write is a length-framed, CRC32-checked record, fsync'd before "
            "the write is acknowledged",
            code=(),
            tests=(),
        ),
        Bullet(
            "Crash recovery: on open, replay the log up to the last complete, checksum-valid record; "
            "a torn tail is cut off, never read as data (a test SIGKILLs a writer and loses nothing)",
            code=(),
            tests=(),
        ),
        Bullet(
            "Checkpointing: dirty pages go to the data file, are fsync'd, and only then is the log "
            "truncated",
            code=(),
            tests=(),
        ),
        Bullet(
            "An index (key → page) turns a lookup into one page read; a full scan reads every page",
            code=(),
            tests=(),
        ),
        Bullet(
            "Refusing garbage: a page with a bad checksum raises CorruptPage; a record too big for "
            "a page is refused before anything is written",
            code=(),
            tests=(),
        ),
        Bullet(
            "Memory vs disk: what a dict get, a page read and a commit with and without fsync cost",
            code=(),
            tests=(),
        ),
    ),
    kind="demo",
    try_these=(
        "python -m day12_db_internals",
        "python -m day12_db_internals --keys 20000 --dir /tmp/day12",
    ),
    tags=("storage", "pages", "wal", "fsync", "recovery", "checkpoint", "index"),
)
