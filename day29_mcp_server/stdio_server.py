"""``python -m day29_mcp_server.stdio_server``: the library as an MCP server on stdin/stdout.

This is what an MCP host (Claude Desktop, an IDE, ``client.py``) launches as a child process:
it writes one JSON-RPC message per line to our stdin and reads our answers from stdout. So
stdout is the wire and nothing else may be printed there — every log line goes to stderr,
which hosts keep as the server's log. The process lives as long as the host keeps the pipe
open; its notes live in its memory and go with it.
"""

from __future__ import annotations

import logging
import sys

from day29_mcp_server.catalogue import Library
from day29_mcp_server.mcp_server import build_server


def main() -> None:
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    server = build_server(Library())
    try:
        server.run("stdio")  # returns when the host closes our stdin
    except KeyboardInterrupt:  # Ctrl-C when started by hand in a terminal
        pass


if __name__ == "__main__":
    main()
