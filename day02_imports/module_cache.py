"""``sys.modules`` is the module cache: a plain dict from name to module object.

``import x`` first looks in this dict; only on a miss does Python find the file, create the
module and run its code (then stores it here, *before* running it — which is why a circular
import sees a half-built module). Delete an entry and the next import runs the file again.
"""

from __future__ import annotations

import sys


def cached(prefix: str) -> list[str]:
    """Names of the cached modules at or under ``prefix``, in the order they finished loading.

    A module enters ``sys.modules`` before its code runs and is moved to the end when the code
    finishes, so a package comes after the submodules its ``__init__.py`` imported.
    """
    return [name for name in sys.modules if name == prefix or name.startswith(prefix + ".")]


def forget(prefix: str) -> list[str]:
    """Drop ``prefix`` and its submodules from the cache, so the next import runs them afresh."""
    gone = cached(prefix)
    for name in gone:
        del sys.modules[name]
        # The parent package still holds the old module as an attribute, and
        # `from parent import child` would hand that back without importing; drop it too.
        parent, _, child = name.rpartition(".")
        if parent in sys.modules and child in vars(sys.modules[parent]):
            delattr(sys.modules[parent], child)
    return gone
