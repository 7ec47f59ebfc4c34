"""Stopping a lesson process the way a learner does: Ctrl-C, then a kill if it will not stop."""

from __future__ import annotations

import signal
import subprocess


def interrupt(proc: subprocess.Popen, timeout_s: float = 10.0) -> bool:
    """SIGINT, wait up to ``timeout_s``, then SIGKILL; True when Ctrl-C alone stopped it."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return False
    return proc.returncode in (0, -signal.SIGINT)
