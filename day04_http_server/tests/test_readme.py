"""The code the README shows is the code that runs, and what it names exists."""

from __future__ import annotations

import re
from pathlib import Path

from day04_http_server import LESSON

LESSON_DIR = Path(__file__).resolve().parent.parent
README = (LESSON_DIR / "README.md").read_text()


def test_python_shown_in_the_readme_is_copied_from_the_lesson() -> None:
    sources = "\n".join(p.read_text() for p in LESSON_DIR.glob("*.py"))
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks
    for block in blocks:
        assert block in sources, f"README code not found in the lesson's files:\n{block}"


def test_every_file_and_function_the_readme_names_exists() -> None:
    for file, name in re.findall(r"`(\w+\.py):([\w.]+)`", README):
        source = (LESSON_DIR / file).read_text()
        assert f"def {name.split('.')[-1]}(" in source or f"class {name}" in source, (file, name)
    for bullet in LESSON.learn:
        assert bullet.split(":")[0] in README  # every learn bullet is in "What you'll learn"
