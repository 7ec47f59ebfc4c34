"""``python -m day02_imports.examples.shop``: print a receipt for a sample cart.

Run with ``-m`` this file is ``__main__`` *inside* its package (``__package__`` is set), so its
relative imports work. ``python day02_imports/examples/shop/cart.py`` has no package and fails.
"""

from __future__ import annotations

import sys

from .cart import Cart


def main(argv: list[str]) -> int:
    cart = Cart().add("apple").add("bread")
    print(cart.receipt())
    print(f"(__name__ = {__name__!r}, __package__ = {__package__!r})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
