"""`python -m` vs running a file, relative vs absolute imports, and circular imports."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

from day02_imports.run_modes import as_module, as_script

EXAMPLES = "day02_imports.examples"
SHOP = f"{EXAMPLES}.shop"


def test_python_m_runs_main_inside_its_package() -> None:
    done = as_module(SHOP)
    assert done.returncode == 0, done.stderr
    assert "total         3.00 EUR" in done.stdout
    assert "__name__ = '__main__', __package__ = 'day02_imports.examples.shop'" in done.stdout


def test_running_a_package_file_by_path_breaks_its_relative_import() -> None:
    done = as_script(f"{SHOP}.cart")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "ImportError: attempted relative import with no known parent package"
    )


def test_shop_uses_relative_imports_and_the_absolute_form_names_the_same_module() -> None:
    cart_py = Path(importlib.import_module(f"{SHOP}.cart").__file__)
    relative = [
        node
        for node in ast.parse(cart_py.read_text()).body
        if isinstance(node, ast.ImportFrom) and node.module == "prices"
    ]
    assert relative and relative[0].level == 1, "cart.py imports `from .prices`"
    from day02_imports.examples.shop import cart
    from day02_imports.examples.shop.prices import price_of  # the absolute spelling

    assert cart.price_of is price_of


@pytest.mark.parametrize(("first", "missing"), [("orders", "Order"), ("customers", "Customer")])
def test_circular_import_fails_with_partially_initialized(first: str, missing: str) -> None:
    broken = f"{EXAMPLES}.circular_broken"
    with pytest.raises(ImportError, match="partially initialized module") as caught:
        importlib.import_module(f"{broken}.{first}")
    assert f"cannot import name '{missing}'" in str(caught.value)
    assert "circular import" in str(caught.value)
    assert not [name for name in sys.modules if name.startswith(f"{broken}.")], (
        "Python removes the half-built modules when their import fails"
    )


@pytest.mark.parametrize("first", ["orders", "customers"])
def test_circular_fix_imports_in_either_order(first: str) -> None:
    fixed = f"{EXAMPLES}.circular_fixed"
    importlib.import_module(f"{fixed}.{first}")
    from day02_imports.examples.circular_fixed import customers, orders

    ada = customers.Customer("Ada")
    order = ada.place(500)
    assert isinstance(order, orders.Order) and order.customer is ada
    assert ada.placed == [order]
