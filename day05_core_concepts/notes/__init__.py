"""The notes service, one layer per file: routers (HTTP) → services (rules) → repositories (storage).

``schemas`` is the edge: what a client may send and what it gets back. Each layer imports only
the one below it, so the HTTP details never reach the rules and the rules never reach the dict.
"""
