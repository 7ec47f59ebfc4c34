"""One node of the cluster: who it is, and the knobs it reads from the environment.

Every process started as ``python -m day33_websocket_scaling --port P`` is a *node*. Nodes
that share a Redis **and** a channel are one cluster: a room is then the union of its members
on every node. The knobs, as environment variables (the course settings, extended):

==================  =========  ====================================================
variable            default    what
==================  =========  ====================================================
``REDIS_URL``       unset      the Redis every node shares; unset: a private one
``CLUSTER_CHANNEL`` ``day33``  the pub/sub channel of this cluster
``NODE_ID``         pid-based  the name this node gives itself in /cluster and messages
``PING_INTERVAL``   ``10``     seconds between Engine.IO pings (whole seconds: see below)
``PING_TIMEOUT``    ``5``      seconds a client has to answer a ping
``OUTBOX_LIMIT``    ``256``    packets queued for one client before it is dropped; 0: no limit
==================  =========  ====================================================
"""

from __future__ import annotations

import os

from pydantic import Field

from shared.settings import Settings

#: a channel name: also part of Redis commands a learner may type, so plain characters only
CHANNEL_PATTERN = r"^[A-Za-z0-9:_.-]{1,64}$"


class NodeSettings(Settings):
    """The course settings plus this lesson's cluster knobs (see the table above)."""

    cluster_channel: str = Field(default="day33", pattern=CHANNEL_PATTERN)
    node_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9:_.-]{1,40}$")
    # python-engineio advertises pingInterval to clients as int(seconds) * 1000: a 0.5 s
    # interval is announced as 0, and a client then expects a ping every pingTimeout alone.
    # Whole seconds keep what the server does and what it announces the same.
    ping_interval: float = Field(default=10, gt=0, le=300)
    ping_timeout: float = Field(default=5, gt=0, le=300)
    outbox_limit: int = Field(default=256, ge=0)


def default_node_id() -> str:
    """A name that differs between processes on one machine (the pid), for logs and /cluster."""
    return f"node-{os.getpid()}"
