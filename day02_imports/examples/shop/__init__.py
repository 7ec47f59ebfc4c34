"""A small shop, laid out the recommended way: this file is the package's public face.

``from day02_imports.examples.shop import Cart`` works because this file re-exports ``Cart``;
callers never need to know it lives in ``cart.py`` (like ``index.js`` re-exporting, or the
``exports`` field of a package.json). ``__all__`` is the list ``from … import *`` takes.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .cart import Cart
from .prices import PRICES, price_of

__all__ = ["Cart", "PRICES", "price_of"]

# Submodules loaded on first use instead of when the package is imported (PEP 562).
_LAZY = ("report",)


def __getattr__(name: str) -> ModuleType:
    """Called only for names the package does not have yet: load the lazy submodule now."""
    if name in _LAZY:
        # import_module also stores the submodule as an attribute of this package, so this
        # function is not called again for the same name.
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
