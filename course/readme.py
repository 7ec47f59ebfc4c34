"""The top-level README's 34-day table, from the lessons' metadata (``python -m course sync``)."""

from __future__ import annotations

import re

from course.catalog import markdown_table

TABLE_RE = re.compile(r"^\| Day \| Lesson \|[^\n]*\n(?:\|[^\n]*\n)+", re.M)


def render(text: str) -> str:
    return TABLE_RE.sub(lambda _: markdown_table() + "\n", text, count=1)
