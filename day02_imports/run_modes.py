"""``python -m pkg.mod`` vs ``python pkg/mod.py``: the same file, run two ways.

``-m`` imports the file as part of its package, so ``__package__`` is set and relative imports
resolve; ``sys.path[0]`` is the current directory, so the project's packages are importable.
A file path runs it as a lone script: ``__package__`` is empty, ``sys.path[0]`` is the
script's own folder, and ``from .prices import …`` fails. (``node file.js`` has no such split:
``require("./x")`` is always relative to the file.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def run_python(*args: str) -> subprocess.CompletedProcess[str]:
    """``python <args>`` in a fresh interpreter, from the folder that holds ``day02_imports``."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )


def as_module(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_python("-m", module, *args)


def as_script(module: str) -> subprocess.CompletedProcess[str]:
    path = Path(*module.split(".")).with_suffix(".py")
    return run_python(str(path))
