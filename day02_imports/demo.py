"""Day 02 demo: Python's module system, one section at a time, each with its Node.js twin.

    python -m day02_imports                     # every section
    python -m day02_imports circular trace      # only these

Each section starts with none of the example packages loaded (``fresh``), as if in a new
process, so the sections can run in any order.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from day02_imports.import_hook import logging_imports
from day02_imports.importtime import after_startup, parse, slowest, trace
from day02_imports.module_cache import forget
from day02_imports.run_modes import PROJECT_ROOT, as_module, as_script

EXAMPLES = "day02_imports.examples"
SHOP = f"{EXAMPLES}.shop"
PRICES = f"{SHOP}.prices"
REPORT = f"{SHOP}.report"


def fresh() -> None:
    """Forget every example module, so the next import runs its file again."""
    for name in ("shop", "loadlog", "circular_broken", "circular_fixed"):
        forget(f"{EXAMPLES}.{name}")


def say(*lines: str) -> None:
    for line in lines:
        print(f"  {line}")


def node(text: str) -> None:
    print(f"  Node.js: {text}")


def short(name: str) -> str:
    return name.removeprefix(f"{EXAMPLES}.")


def show_bindings() -> None:
    fresh()
    import day02_imports.examples.shop.prices as prices
    from day02_imports.examples.shop.prices import currency

    say(
        f"import …shop.prices as prices   -> prices is {type(prices).__name__} {prices.__name__!r}",
        f"from …shop.prices import currency -> currency = {currency!r}",
        "prices.switch_currency('USD')",
    )
    prices.switch_currency("USD")
    say(
        f"prices.currency = {prices.currency!r}   (read through the module: sees the change)",
        f"currency        = {currency!r}   (a name bound once, at import: does not)",
        "`from m import x` still runs and caches all of m; it only binds fewer names here.",
    )
    node('const { currency } = require("./prices") copies the same way (CommonJS);')
    node('import { currency } from "./prices.js" is a live binding and would say USD (ESM).')


def show_packages() -> None:
    fresh()
    with logging_imports(EXAMPLES) as log:
        import day02_imports.examples.shop.report  # noqa: F401 - imported for its loading order
    from day02_imports.examples import shop

    say(
        "import …shop.report loaded, in this order:",
        *(f"  {i}. {short(name)}" for i, name in enumerate(log.seen, 1)),
        "The package's __init__.py ran first: importing any submodule runs its parents.",
        f"shop.__file__ = {Path(shop.__file__).relative_to(PROJECT_ROOT)}",
        f"shop.__path__ = {[str(Path(p).relative_to(PROJECT_ROOT)) for p in shop.__path__]}"
        "   (where its submodules are searched)",
        f"shop.__all__  = {shop.__all__}   (the public API; Cart really lives in cart.py)",
    )
    node("a folder with index.js, or package.json 'exports', is the package's public face.")


def show_importlib() -> None:
    fresh()
    name = PRICES  # a string: from a config file, a plugin list, a command-line argument
    module = importlib.import_module(name)
    cart = importlib.import_module(".cart", package=SHOP)
    spec = importlib.util.find_spec(REPORT)
    say(
        f"importlib.import_module({short(name)!r}) is sys.modules[…]: {module is sys.modules[name]}",
        f"importlib.import_module('.cart', package=…shop) -> {short(cart.__name__)}",
        f"find_spec('…report') found {Path(spec.origin).name} without running it: "
        f"loaded = {REPORT in sys.modules}",
        f"find_spec('…shop.nothing') = {importlib.util.find_spec(f'{SHOP}.nothing')}",
    )
    node("require(name) / await import(name) take a string too; require.resolve ≈ find_spec.")


def show_run_once() -> None:
    fresh()
    import day02_imports.examples.shop.prices as first
    import day02_imports.examples.shop.prices as second
    from day02_imports.examples import loadlog

    third = importlib.import_module(PRICES)
    say(
        "imported prices three times (import, import, importlib.import_module)",
        f"its code ran {loadlog.times_run(PRICES)} time(s); all three are one object: "
        f"{first is second is third is sys.modules[PRICES]}",
    )
    importlib.reload(first)
    say(f"importlib.reload(prices)      -> code ran {loadlog.times_run(PRICES)} times, same object")
    forget(PRICES)
    fourth = importlib.import_module(PRICES)
    say(
        f"del sys.modules[…prices]; import -> code ran {loadlog.times_run(PRICES)} times, "
        f"a new object: {fourth is not first}",
        "So module-level code (connections, config reads) runs once per process, not per import.",
    )
    node('require.cache is the same idea; delete require.cache[require.resolve("./prices")].')
    node("ES modules are cached in the module map too, with no public way to reload.")


def show_python_m() -> None:
    good = as_module(SHOP)
    bad = as_script(f"{SHOP}.cart")
    say(f"$ python -m {SHOP}   (exit {good.returncode})")
    say(*(f"  {line}" for line in good.stdout.splitlines()))
    say(f"$ python {Path(*SHOP.split('.'), 'cart.py')}   (exit {bad.returncode})")
    say(f"  {bad.stderr.strip().splitlines()[-1]}")
    say(
        "-m runs the file inside its package, so `from .prices import …` (relative) resolves.",
        "Run by path it is a lone script with no package: relative imports cannot work.",
        "Absolute imports (`from day02_imports.examples.shop.prices import …`) work from",
        "anywhere the project root is on sys.path; relative ones keep a package movable.",
    )
    node("`node file.js` and require('./x') need no such flag: paths are file-relative.")


def show_circular() -> None:
    fresh()
    broken = f"{EXAMPLES}.circular_broken"
    try:
        importlib.import_module(f"{broken}.orders")
    except ImportError as exc:
        say("import circular_broken.orders:", f"  ImportError: {exc.msg}")
    say(
        "orders.py imports Customer from customers.py, which imports Order from orders.py.",
        "Python puts a module in sys.modules *before* running it, so the inner import gets",
        "the half-run orders module, where `Order` does not exist yet.",
        "On failure Python drops both half-built modules from sys.modules: "
        f"{[m for m in sys.modules if m.startswith(broken + '.')]}",
    )
    from day02_imports.examples.circular_fixed import customers

    order = customers.Customer("Ada").place(500)
    say(
        "circular_fixed: `from . import orders` (the module), `orders.Order` read at call time:",
        f"  Customer('Ada').place(500) -> Order(total_cents={order.total_cents})",
        "Other fixes: move what both need into a third module, or import inside the function.",
    )
    node("CommonJS hands back the half-filled module.exports (undefined, silently);")
    node("ES modules throw ReferenceError if the binding is used before it is initialised.")


def show_lazy() -> None:
    fresh()
    from day02_imports.examples import shop

    say(f"import …shop                  -> report loaded? {REPORT in sys.modules}")
    receipt = shop.Cart().add("coffee").receipt()  # Cart.receipt imports report inside
    say(f"Cart().add('coffee').receipt() -> report loaded? {REPORT in sys.modules}")
    say(*(f"  {line}" for line in receipt.splitlines()))
    fresh()
    from day02_imports.examples import shop

    with logging_imports(EXAMPLES) as log:
        _ = shop.report  # no attribute yet: the package's __getattr__ (PEP 562) imports it
    say(f"shop.report (module __getattr__) -> loaded now: {[short(n) for n in log.seen]}")
    say("Python 3.15 adds `lazy import x` (PEP 810) for the same effect at the top of a file.")
    node("await import('./report.js') inside the function that needs it.")


def show_trace() -> None:
    rows = after_startup(parse(trace(SHOP)))
    say(f"$ python -X importtime -c 'import {SHOP}'  ({len(rows)} modules after start-up)")
    say("   self µs   total µs  module (the slowest; indented under the module that imported it)")
    for row in slowest(rows):
        say(f"{row.self_us:>8} {row.cumulative_us:>10}  {'  ' * row.depth}{row.module}")
    say("total = self + everything it imported. Importing the shop first ran its parents'")
    say("__init__.py files, and whatever they import (day02_imports/__init__.py -> shared.lesson).")
    fresh()
    say("A sys.meta_path hook printing each module as Python starts to load it:")
    with logging_imports(EXAMPLES, on_import=lambda name: say(f"  loading {short(name)}")):
        import day02_imports.examples.shop  # noqa: F401 - imported to watch it load
    node("NODE_DEBUG=module node app.js, or node --cpu-prof for time spent loading.")


SECTIONS: dict[str, tuple[str, Callable[[], None]]] = {
    "bindings": ("import vs from … import", show_bindings),
    "packages": ("Packages and __init__.py", show_packages),
    "importlib": ("importlib: import by name", show_importlib),
    "once": ("A module runs once: sys.modules", show_run_once),
    "run": ("python -m, relative and absolute imports", show_python_m),
    "circular": ("Circular imports", show_circular),
    "lazy": ("Lazy imports", show_lazy),
    "trace": ("Tracing module loading", show_trace),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m day02_imports",
        description="Day 02: Python's module system, mapped from CommonJS and ES modules.",
    )
    parser.add_argument("sections", nargs="*", metavar="section", help=", ".join(SECTIONS))
    args = parser.parse_args(argv)
    unknown = [name for name in args.sections if name not in SECTIONS]
    if unknown:
        sections = ", ".join(SECTIONS)
        print(f"error: unknown section {', '.join(unknown)}; pick from {sections}", file=sys.stderr)
        return 2
    chosen = args.sections or list(SECTIONS)
    for number, name in enumerate(SECTIONS, 1):
        if name in chosen:
            title, show = SECTIONS[name]
            print(f"\n{number}. {title}  [{name}]")
            show()
    return 0
