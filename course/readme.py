"""Rewrite the 34-day table in the top-level README from the lessons' metadata.

python -m course.readme
"""

from __future__ import annotations

import re

from course.catalog import ROOT, markdown_table


def main() -> None:
    path = ROOT / "README.md"
    text = path.read_text()
    table = re.compile(r"^\| Day \| Lesson \|[^\n]*\n(?:\|[^\n]*\n)+", re.M)
    path.write_text(table.sub(markdown_table() + "\n", text, count=1))


if __name__ == "__main__":
    main()
