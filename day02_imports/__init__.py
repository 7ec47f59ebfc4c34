"""Day 02 · Modules and imports: Python's module system, mapped from CommonJS and ES modules."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=2,
    title="Modules and imports",
    learn=(
        Bullet(
            "`import m` binds the module, `from m import x` copies one name: ES live bindings vs "
            "CommonJS destructuring",
            code=("demo.py:show_bindings", "examples/shop/prices.py:switch_currency"),
            tests=(
                "tests/test_bindings_and_packages.py::"
                "test_from_import_copies_the_binding_and_module_import_stays_live",
                "tests/test_bindings_and_packages.py::"
                "test_from_import_still_loads_and_caches_the_whole_module",
            ),
        ),
        Bullet(
            "Packages and `__init__.py`: the package's public face (like `index.js` and `exports`), "
            "run before any of its submodules",
            code=("examples/shop/__init__.py", "demo.py:show_packages"),
            tests=(
                "tests/test_bindings_and_packages.py::test_init_re_exports_the_public_api",
                "tests/test_bindings_and_packages.py::"
                "test_importing_a_submodule_runs_its_package_first",
            ),
        ),
        Bullet(
            "`importlib`: import a module named by a string at run time (like `import(path)`), "
            "find it without importing, reload it",
            code=("demo.py:show_importlib",),
            tests=(
                "tests/test_importlib_and_cache.py::"
                "test_import_module_by_string_returns_the_cached_module",
                "tests/test_importlib_and_cache.py::test_find_spec_locates_without_running",
                "tests/test_importlib_and_cache.py::test_reload_and_forget_run_the_code_again",
            ),
        ),
        Bullet(
            "A module's code runs once; `sys.modules` is the cache every later import returns "
            "(like `require.cache`)",
            code=("module_cache.py", "demo.py:show_run_once", "examples/loadlog.py"),
            tests=(
                "tests/test_importlib_and_cache.py::"
                "test_module_code_runs_once_however_often_it_is_imported",
                "tests/test_importlib_and_cache.py::"
                "test_cached_lists_modules_in_the_order_they_finished_loading",
            ),
        ),
        Bullet(
            "Relative vs absolute imports, and why `python -m pkg.mod` works where `python "
            "pkg/mod.py` fails",
            code=("run_modes.py", "examples/shop/cart.py", "examples/shop/__main__.py"),
            tests=(
                "tests/test_running_and_circular.py::test_python_m_runs_main_inside_its_package",
                "tests/test_running_and_circular.py::"
                "test_running_a_package_file_by_path_breaks_its_relative_import",
                "tests/test_running_and_circular.py::"
                "test_shop_uses_relative_imports_and_the_absolute_form_names_the_same_module",
            ),
        ),
        Bullet(
            "Circular imports: the real 'partially initialized module' error, and the fix",
            code=("examples/circular_broken/", "examples/circular_fixed/"),
            tests=(
                "tests/test_running_and_circular.py::"
                "test_circular_import_fails_with_partially_initialized",
                "tests/test_running_and_circular.py::test_circular_fix_imports_in_either_order",
            ),
        ),
        Bullet(
            "Lazy imports: inside a function, or a package `__getattr__` (PEP 562), so a module "
            "loads only when first used",
            code=("examples/shop/cart.py:Cart.receipt", "examples/shop/__init__.py:__getattr__"),
            tests=(
                "tests/test_lazy_and_tracing.py::test_import_inside_a_function_loads_on_first_call",
                "tests/test_lazy_and_tracing.py::"
                "test_package_getattr_loads_the_submodule_on_first_access",
            ),
        ),
        Bullet(
            "Tracing module loading: `python -X importtime`, and a `sys.meta_path` hook that logs "
            "each module as it loads",
            code=("importtime.py", "import_hook.py:ImportLogger"),
            tests=(
                "tests/test_lazy_and_tracing.py::test_importtime_traces_a_real_interpreter",
                "tests/test_lazy_and_tracing.py::test_hook_logs_each_module_in_load_order",
            ),
        ),
    ),
    kind="demo",
    try_these=("python -m day02_imports", "python -m day02_imports circular trace"),
    tags=("modules", "commonjs", "esm", "importlib"),
)
