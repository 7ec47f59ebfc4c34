"""Loop detection: the same tool with the same arguments, asked for again, is a loop.

A model that gets a result it does not like often asks again — identically — and a loop that
only counts steps would pay for every repeat until the limit. :class:`RepeatGuard` is a guard
for :func:`shared.agent.run_agent`: before a call runs, it compares the call with every call
already made in the run (same name, same arguments once parsed, key order ignored). A repeat
stops the run with ``loop`` and says which earlier step it repeats; the trace shows both.

This is a policy, and a strict one: a tool whose answer changes over time (``get_time``) may be
called twice on purpose. Such a tool would be exempted by name.
"""

from __future__ import annotations

import json

from shared.agent import AgentRun, Stop, ToolCall


def fingerprint(call: ToolCall) -> str:
    """Name and arguments, canonical: ``{"a":1,"b":2}`` and ``{"b":2, "a":1}`` are the same call."""
    try:
        arguments = json.dumps(json.loads(call.arguments), sort_keys=True)
    except ValueError:
        arguments = call.arguments  # unparsable text is compared as it is
    return f"{call.name}:{arguments}"


class RepeatGuard:
    def __init__(self, exempt: frozenset[str] = frozenset()) -> None:
        self.exempt = exempt

    def __call__(self, call: ToolCall, run: AgentRun) -> Stop | None:
        if call.name in self.exempt:
            return None
        key = fingerprint(call)
        for earlier in run.tool_runs:
            if fingerprint(earlier.call) == key:
                step = len(run.steps)
                return Stop(
                    "loop",
                    f"loop detected: step {step} asks for {call.name}({call.arguments}) again, "
                    f"the same call as step {earlier.step}; stopped instead of running it",
                )
        return None
