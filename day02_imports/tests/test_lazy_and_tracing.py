"""Lazy imports load on first use; -X importtime and a meta_path hook show what loads, in order."""

from __future__ import annotations

import importlib
import sys

import pytest

from day02_imports.import_hook import ImportLogger, logging_imports
from day02_imports.importtime import after_startup, parse, slowest, trace

SHOP = "day02_imports.examples.shop"
REPORT = f"{SHOP}.report"


def test_importing_the_package_does_not_load_the_lazy_module() -> None:
    shop = importlib.import_module(SHOP)
    assert REPORT not in sys.modules
    assert "report" not in vars(shop)


def test_import_inside_a_function_loads_on_first_call() -> None:
    shop = importlib.import_module(SHOP)
    cart = shop.Cart().add("coffee")
    assert REPORT not in sys.modules
    assert cart.receipt().endswith("4.00 EUR")
    assert REPORT in sys.modules


def test_package_getattr_loads_the_submodule_on_first_access() -> None:
    shop = importlib.import_module(SHOP)
    with logging_imports(SHOP) as log:
        report = shop.report
        again = shop.report
    assert log.seen == [REPORT], "loaded exactly when first touched, and only once"
    assert report is again is sys.modules[REPORT]
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        _ = shop.nothing


def test_hook_logs_each_module_in_load_order() -> None:
    printed: list[str] = []
    with logging_imports("day02_imports.examples", on_import=printed.append) as log:
        importlib.import_module(SHOP)
        importlib.import_module(SHOP)  # cached: nothing new to find, nothing logged
    assert log.seen == [SHOP, f"{SHOP}.cart", f"{SHOP}.prices", "day02_imports.examples.loadlog"]
    assert printed == log.seen
    assert not any(isinstance(f, ImportLogger) for f in sys.meta_path), "the hook is removed"


SAMPLE = """\
import time: self [us] | cumulative | imported package
import time:       300 |        300 |   _io
import time:      1000 |       1300 | site
import time:        20 |         20 |       day02_imports.examples.loadlog
import time:        40 |         60 |     day02_imports.examples.shop.prices
import time:        50 |        110 |   day02_imports.examples.shop.cart
import time:        70 |        180 | day02_imports.examples.shop
"""


def test_parse_reads_importtime_lines_with_their_depth() -> None:
    rows = after_startup(parse(SAMPLE))
    assert [(r.module, r.self_us, r.cumulative_us, r.depth) for r in rows] == [
        ("day02_imports.examples.loadlog", 20, 20, 3),
        (f"{SHOP}.prices", 40, 60, 2),
        (f"{SHOP}.cart", 50, 110, 1),
        (SHOP, 70, 180, 0),
    ]
    # The trace writes children first; slowest() puts each parent above what it imported.
    assert [r.module for r in slowest(rows, 2)] == [SHOP, f"{SHOP}.cart"]


def test_importtime_traces_a_real_interpreter() -> None:
    rows = after_startup(parse(trace(SHOP)))
    depth = {row.module: row.depth for row in rows}
    assert depth[SHOP] == 0, "what the command imported is at the top"
    assert depth[f"{SHOP}.cart"] == 1 and depth[f"{SHOP}.prices"] == 2
    assert "site" not in depth, "interpreter start-up is left out"
    assert all(row.cumulative_us >= row.self_us for row in rows)
