"""``python -m course doctor``: what this machine has, and which backend each lesson would use now."""

from __future__ import annotations

import importlib.util
import platform
import shutil
import sys
from pathlib import Path

from course.catalog import ROOT, entries

DEV_PACKAGES = ("pytest", "schemathesis", "hypothesis", "playwright", "fakeredis", "ruff")
CHROMIUM = Path("/usr/lib/chromium/chromium")


def main() -> int:
    print(f"Python      {platform.python_version()} ({sys.executable})")
    have = [p for p in DEV_PACKAGES if importlib.util.find_spec(p)]
    missing = [p for p in DEV_PACKAGES if p not in have]
    print(f"dev extra   {'installed' if not missing else 'missing ' + ', '.join(missing)}")
    print(
        f"redis-server {shutil.which('redis-server') or 'not on PATH (Redis lessons use a stand-in)'}"
    )
    print(
        f"node/npm    {shutil.which('node') or 'not found'} / {shutil.which('npm') or 'not found'}"
    )
    modules = ROOT / "node_modules"
    print(f"node_modules {'present' if modules.exists() else 'absent (run make setup-extras)'}")
    print(
        f"chromium    {CHROMIUM if CHROMIUM.exists() else 'not installed (browser tests need it)'}"
    )
    print()

    needed = sorted({b for e in entries() for b in e.backends})
    if needed:
        from shared.backends import report  # noqa: PLC0415 - only when a lesson uses a backend

        print(f"{'backend':<8} {'in use now':<58} switch with")
        for name, in_use, switch in report():
            print(f"{name:<8} {in_use:<58} {switch}")
        print()
        for e in entries():
            if e.backends:
                print(f"  day {e.day:02d} {e.package:<26} uses {', '.join(e.backends)}")
    else:
        print("no built lesson uses a backend yet")
    return 0
