"""An import hook: a finder on ``sys.meta_path`` that logs every module Python loads.

For each module not in ``sys.modules`` yet, Python asks each finder on ``sys.meta_path`` in
turn "can you find <name>?". A finder that writes the name down and answers ``None`` ("not me")
sees every real load, in order, and changes nothing. (Node has no public equivalent; the
closest are ``Module._load`` patches and ESM loader hooks.)
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType


class ImportLogger(MetaPathFinder):
    """Writes down each module name Python starts to load (under ``prefix``), then steps aside."""

    def __init__(self, prefix: str = "", on_import: Callable[[str], None] | None = None) -> None:
        self.prefix = prefix
        self.on_import = on_import
        self.seen: list[str] = []

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname.startswith(self.prefix):
            self.seen.append(fullname)
            if self.on_import is not None:
                self.on_import(fullname)
        return None  # let the normal finders do the actual work


@contextmanager
def logging_imports(
    prefix: str = "", on_import: Callable[[str], None] | None = None
) -> Iterator[ImportLogger]:
    """``with logging_imports("pkg") as log: import pkg`` → ``log.seen`` lists what loaded."""
    logger = ImportLogger(prefix, on_import)
    sys.meta_path.insert(0, logger)  # first in line, so it hears about every module
    try:
        yield logger
    finally:
        sys.meta_path.remove(logger)
