"""The context window: the prompt and the reply share one budget of tokens, fixed per model.

Everything the model reads (system prompt, the conversation you send again, the new message)
and everything it may write (``max_completion_tokens``) must fit in its window. Sent anyway,
the request is refused by the API with a 400 ``context_length_exceeded`` — after a network
round trip, and as an error your client can do nothing useful with. So the backend checks
first, with its token estimate, and answers the client itself: ``413 Content Too Large``, with
the numbers, and nothing is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from day27_llm_basics.tokens import estimate_messages
from shared.errors import DomainError
from shared.offline_llm import CONTEXT_WINDOW as OFFLINE_WINDOW
from shared.offline_llm import MODEL_ID as OFFLINE_MODEL


@dataclass(frozen=True)
class ModelLimits:
    #: tokens the prompt and the reply may use together
    context_window: int
    #: the most a single reply may be (models cap it below their window)
    max_output_tokens: int


#: published limits of a few models (examples, as documented by their providers in 2025)
LIMITS: dict[str, ModelLimits] = {
    OFFLINE_MODEL: ModelLimits(OFFLINE_WINDOW, 4_096),
    "gpt-4o-mini": ModelLimits(128_000, 16_384),
    "gpt-4o": ModelLimits(128_000, 16_384),
    "gpt-4.1-mini": ModelLimits(1_047_576, 32_768),
    "gpt-5-mini": ModelLimits(400_000, 128_000),
}
#: a model this table does not know (a local one, say): assume a small window. Ollama, for
#: one, runs models with a context length set on the server, often far below their maximum.
UNKNOWN = ModelLimits(8_192, 1_024)
#: the reply budget when the client does not choose one
DEFAULT_MAX_TOKENS = 512


def limits_for(model: str) -> ModelLimits:
    return LIMITS.get(model, UNKNOWN)


class ContextWindowExceeded(DomainError):
    status = 413
    type = "/problems/context-window-exceeded"
    title = "Prompt does not fit the model's context window"


@dataclass(frozen=True)
class Fit:
    prompt_tokens: int
    max_tokens: int
    context_window: int

    @property
    def spare(self) -> int:
        return self.context_window - self.prompt_tokens - self.max_tokens


def measure(messages: list[dict[str, Any]], model: str, max_tokens: int | None) -> Fit:
    """The prompt's estimate and the reply's budget, next to the model's window."""
    limits = limits_for(model)
    reply = min(max_tokens or DEFAULT_MAX_TOKENS, limits.max_output_tokens)
    return Fit(estimate_messages(messages), reply, limits.context_window)


def check_fits(messages: list[dict[str, Any]], model: str, max_tokens: int | None) -> Fit:
    """:func:`measure`, and a 413 when the prompt and the reply cannot both fit."""
    fit = measure(messages, model, max_tokens)
    if fit.spare < 0:
        raise ContextWindowExceeded(
            f"the prompt is about {fit.prompt_tokens} tokens and the reply may use "
            f"{fit.max_tokens}, but {model} reads at most {fit.context_window}; "
            "send less (or ask for a shorter reply)",
            prompt_tokens=fit.prompt_tokens,
            max_tokens=fit.max_tokens,
            context_window=fit.context_window,
        )
    return fit
