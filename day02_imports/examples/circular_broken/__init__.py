"""Two modules that import names from each other: importing either one fails.

Only the demo and the tests import these, inside ``try`` blocks that expect the ImportError.
"""
