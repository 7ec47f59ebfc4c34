"""`import m` vs `from m import x`, and a package's __init__.py as its public face."""

from __future__ import annotations

import importlib
import sys

from day02_imports.import_hook import logging_imports

SHOP = "day02_imports.examples.shop"


def test_from_import_copies_the_binding_and_module_import_stays_live() -> None:
    import day02_imports.examples.shop.prices as prices
    from day02_imports.examples.shop.prices import currency

    prices.switch_currency("USD")
    assert prices.currency == "USD", "module.attribute is looked up on every read"
    assert currency == "EUR", "a from-imported name keeps the value it had at import time"


def test_from_import_still_loads_and_caches_the_whole_module() -> None:
    namespace: dict[str, object] = {}
    exec(f"from {SHOP}.prices import price_of", namespace)
    assert "price_of" in namespace and "prices" not in namespace
    assert f"{SHOP}.prices" in sys.modules


def test_init_re_exports_the_public_api() -> None:
    shop = importlib.import_module(SHOP)
    from day02_imports.examples.shop.cart import Cart

    assert shop.Cart is Cart, "the package re-exports what lives in cart.py"
    assert shop.__file__.endswith("__init__.py") and len(shop.__path__) == 1
    namespace: dict[str, object] = {}
    exec(f"from {SHOP} import *", namespace)
    assert sorted(k for k in namespace if k != "__builtins__") == sorted(shop.__all__)


def test_importing_a_submodule_runs_its_package_first() -> None:
    with logging_imports(SHOP) as log:
        importlib.import_module(f"{SHOP}.report")
    assert log.seen[0] == SHOP, "the package's __init__.py runs before any submodule"
    assert log.seen[-1] == f"{SHOP}.report"
