"""The books API in three routers, one per resource, each included by ``app.py`` under a prefix."""
