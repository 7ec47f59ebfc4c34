"""Example packages for Day 02, importable only as ``day02_imports.examples.<name>``.

Nothing is imported here on purpose: importing ``examples`` must not load ``circular_broken``,
whose whole point is to fail.
"""
