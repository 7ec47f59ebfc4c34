"""Day 02 · Modules and imports: Python's module system, mapped from CommonJS and ES modules."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=2,
    title="Modules and imports",
    learn=(
        Bullet(
            "`import m` binds the module, `from m import x` copies one name: ES live bindings vs "
            "CommonJS destructuring",
            code=(),
            tests=(),
        ),
        Bullet(
            "Packages and `__init__.py`: the package's public face (like `index.js` and `exports`), "
            "run before any of its submodules",
            code=(),
            tests=(),
        ),
        Bullet(
            "`importlib`: import a module named by a string at run time (like `import(path)`), "
            "find it without importing, reload it",
            code=(),
            tests=(),
        ),
        Bullet(
            "A module's code runs once; `sys.modules` is the cache every later import returns "
            "(like `require.cache`)",
            code=(),
            tests=(),
        ),
        Bullet(
            "Relative vs absolute imports, and why `python -m pkg.mod` works where `python "
            "pkg/mod.py` fails",
            code=(),
            tests=(),
        ),
        Bullet(
            "Circular imports: the real 'partially initialized module' error, and the fix",
            code=(),
            tests=(),
        ),
        Bullet(
            "Lazy imports: inside a function, or a package `__getattr__` (PEP 562), so a module "
            "loads only when first used",
            code=(),
            tests=(),
        ),
        Bullet(
            "Tracing module loading: `python -X importtime`, and a `sys.meta_path` hook that logs "
            "each module as it loads",
            code=(),
            tests=(),
        ),
    ),
    kind="demo",
    try_these=("python -m day02_imports", "python -m day02_imports circular trace"),
    tags=("modules", "commonjs", "esm", "importlib"),
)
