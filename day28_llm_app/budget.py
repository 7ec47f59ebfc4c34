"""A token budget per request: what one call may cost, decided before it is made.

Two limits, because a call is paid twice — for what it reads and for what it writes:

* the **reply** is capped: ``max_completion_tokens`` is always sent, at most
  :data:`MAX_OUTPUT_TOKENS`; a client may ask for less, never more (422);
* the **prompt** — system message, remembered turns, the new message — must fit
  :data:`PROMPT_BUDGET_TOKENS`. Remembered turns are dropped oldest first until it does; if
  the system message and the new message alone are over, the request is refused with 413
  and the model is never called.

Token counts are the stated estimate (:func:`shared.offline_llm.prompt_tokens`, about 4
characters per token; Day 27): exact for the offline model, close for real ones, and the
response's ``usage`` tells you how close.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.errors import DomainError
from shared.offline_llm import prompt_tokens

MAX_OUTPUT_TOKENS = 300
PROMPT_BUDGET_TOKENS = 1_000


class PromptOverBudget(DomainError):
    status = 413
    type = "/problems/prompt-over-budget"
    title = "Prompt over the token budget"


@dataclass(frozen=True)
class Plan:
    """What will be sent: the messages, and how the budget was spent."""

    messages: list[dict[str, Any]]
    prompt_tokens: int
    #: remembered messages left out to fit (always whole turns: a user message and its answer)
    dropped: int


def plan(
    system: str,
    history: list[dict[str, Any]],
    message: str,
    *,
    budget: int = PROMPT_BUDGET_TOKENS,
) -> Plan:
    """The newest history that fits the budget around the system message and the new message."""
    head = [{"role": "system", "content": system}]
    tail = [{"role": "user", "content": message}]
    needed = prompt_tokens(head + tail)
    if needed > budget:
        raise PromptOverBudget(
            f"the message is about {needed} tokens with the system prompt; the budget per "
            f"request is {budget}",
            prompt_tokens=needed,
            budget=budget,
        )
    kept = list(history)
    while kept and prompt_tokens(head + kept + tail) > budget:
        kept = kept[2:]  # the oldest turn: a user message and the answer to it
    return Plan(head + kept + tail, prompt_tokens(head + kept + tail), len(history) - len(kept))
