"""Small network helpers for the course tool and the tests."""

from __future__ import annotations

import random
import socket

#: Below Linux's ephemeral range (32768–60999), which every outgoing connection draws its local
#: port from. A port the OS picks (bind to port 0) comes from that range too, so between "free"
#: and the lesson binding it, a client socket elsewhere can take it ("address already in use").
#: A port from here is only taken by someone who asks for it by number.
LOW_PORTS = range(20000, 32768)
#: not ``random``: pytest-randomly seeds it alike in every test worker, which would hand two
#: workers the same "random" port at the same moment
_pick = random.SystemRandom()


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now, outside the ephemeral range when possible."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for _ in range(100):
        port = _pick.choice(LOW_PORTS)
        with socket.socket(family) as s:
            try:
                s.bind((host, port))
            except OSError:
                continue  # someone has it (or its last connection is still closing)
            return port
    with socket.socket(family) as s:  # all tried were taken: let the OS pick
        s.bind((host, 0))
        return s.getsockname()[1]
