"""Introduced on Day 03: a free TCP port for a server you start yourself.

The usual trick — bind to port 0, read the port the OS chose, close, start the server there —
has a gap: the OS picks port 0's port from the *ephemeral* range (32768–60999 on Linux), the
same range every outgoing connection draws its local port from. Between "free" and the server
binding it, a client socket anywhere on the machine can take it, and the server fails with
"address already in use". :func:`free_port` picks below that range instead, where a port is
only ever taken by someone asking for it by number.
"""

from __future__ import annotations

import random
import socket

#: below Linux's ephemeral range; macOS's (49152–65535) is above it too
LOW_PORTS = range(20000, 32768)
#: not the ``random`` functions: a test runner may seed those alike in every worker process,
#: which would hand two workers the same "random" port at the same moment
_pick = random.SystemRandom()


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now, outside the ephemeral range when possible."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for _ in range(100):
        port = _pick.choice(LOW_PORTS)
        with socket.socket(family) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue  # someone has it (or its last connection is still closing)
            return port
    with socket.socket(family) as probe:  # every one tried was taken: let the OS pick
        probe.bind((host, 0))
        return probe.getsockname()[1]
