"""WiredTiger in one page: the README section names each part of the engine."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def section() -> str:
    text = README.read_text()
    match = re.search(r"^### WiredTiger in one page\n(.*?)(?=^## )", text, flags=re.M | re.S)
    assert match, "the README has a 'WiredTiger in one page' section"
    return match.group(1)


def test_the_page_covers_the_engine_and_stays_a_page():
    page = section()
    for words in (
        "B-trees of documents and of indexes",
        "record id",
        "50 % of (RAM − 1 GB) and 256 MB",
        "every 60 seconds",
        "journal",
        "every 100 ms",
        "Document-level concurrency",
        "optimistic concurrency control",
        "snappy",
        "prefix compression",
    ):
        assert words in page, words
    assert len(page.split()) < 650, "one page"
