"""Day 02 exercises: each test fails until you solve the task of the same name in the README.

Check one task with ``pytest day02_imports/exercises -k circular_shared``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator

import pytest

from day02_imports.import_hook import logging_imports
from day02_imports.module_cache import forget
from day02_imports.run_modes import as_module

EXAMPLES = "day02_imports.examples"
SHOP = f"{EXAMPLES}.shop"


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    names = ("shop", "loadlog", "circular_shared")
    for name in names:
        forget(f"{EXAMPLES}.{name}")
    yield
    for name in names:
        forget(f"{EXAMPLES}.{name}")


def test_circular_shared() -> None:
    """Exercise 1: break the cycle the other way — both modules import a third, models.py."""
    package = f"{EXAMPLES}.circular_shared"
    with logging_imports(package) as log:
        orders = importlib.import_module(f"{package}.orders")
    assert f"{package}.models" in log.seen, "orders.py gets Order from models.py"
    assert f"{package}.customers" not in log.seen, "orders.py no longer imports customers.py"
    with logging_imports(package) as log:
        customers = importlib.import_module(f"{package}.customers")
    assert f"{package}.orders" not in log.seen, "customers.py no longer imports orders.py"
    order = customers.Customer("Ada").place(500)
    assert isinstance(order, orders.Order) and order.total_cents == 500


def test_lazy_module() -> None:
    """Exercise 2: day02_imports/lazy.py:lazy_module(name) with importlib.util.LazyLoader."""
    from day02_imports.lazy import lazy_module

    report_name = f"{SHOP}.report"
    report = lazy_module(report_name)
    from day02_imports.examples import loadlog

    assert sys.modules[report_name] is report
    assert loadlog.times_run(report_name) == 0, "the module's code has not run yet"
    assert callable(report.receipt)  # first attribute access: now it runs
    assert loadlog.times_run(report_name) == 1


def test_shop_cli() -> None:
    """Exercise 3: `python -m day02_imports.examples.shop ITEM…` prices the items given."""
    done = as_module(SHOP, "coffee", "coffee")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[2].endswith("8.00 EUR")
    unknown = as_module(SHOP, "caviar")
    assert unknown.returncode == 2
    assert "unknown item 'caviar'" in unknown.stderr and "Traceback" not in unknown.stderr
    sample = as_module(SHOP)
    assert "total         3.00 EUR" in sample.stdout, "no items: the sample cart, as before"
