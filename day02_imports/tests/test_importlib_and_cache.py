"""importlib imports by name; a module's code runs once, because sys.modules caches it."""

from __future__ import annotations

import importlib
import importlib.util
import sys

from day02_imports.module_cache import cached, forget

SHOP = "day02_imports.examples.shop"
PRICES = f"{SHOP}.prices"


def test_import_module_by_string_returns_the_cached_module() -> None:
    module = importlib.import_module(PRICES)
    assert module is sys.modules[PRICES]
    assert importlib.import_module(".cart", package=SHOP) is sys.modules[f"{SHOP}.cart"]


def test_find_spec_locates_without_running() -> None:
    spec = importlib.util.find_spec(f"{SHOP}.report")
    assert spec is not None and spec.origin.endswith("report.py")
    assert f"{SHOP}.report" not in sys.modules
    assert importlib.util.find_spec(f"{SHOP}.nothing_here") is None


def test_module_code_runs_once_however_often_it_is_imported() -> None:
    import day02_imports.examples.shop.prices as first
    import day02_imports.examples.shop.prices as second
    from day02_imports.examples import loadlog

    third = importlib.import_module(PRICES)
    assert loadlog.times_run(PRICES) == 1
    assert first is second is third


def test_reload_and_forget_run_the_code_again() -> None:
    import day02_imports.examples.shop.prices as first
    from day02_imports.examples import loadlog

    assert importlib.reload(first) is first
    assert loadlog.times_run(PRICES) == 2
    assert forget(PRICES) == [PRICES]
    from day02_imports.examples.shop import prices  # the parent's stale attribute is gone too

    assert prices is not first
    assert loadlog.times_run(PRICES) == 3


def test_cached_lists_modules_in_the_order_they_finished_loading() -> None:
    importlib.import_module(SHOP)
    # shop's __init__ started first but finished last, after the submodules it imported.
    assert cached(SHOP) == [f"{SHOP}.prices", f"{SHOP}.cart", SHOP]
