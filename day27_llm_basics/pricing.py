"""Cost by token: every response says what it used (``usage``); prices turn that into money.

Providers price per million tokens, with output tokens dearer than input (the model works
harder to write than to read). The cost of one call is::

    prompt_tokens × input price / 1 000 000  +  completion_tokens × output price / 1 000 000

computed here with ``Decimal``: money in binary floats gathers rounding errors, and millions
of calls add them up. The prices below are *data*, dated and labelled as examples — prices
change, and a backend that bills its own users reads them from configuration, not from code.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shared.offline_llm import MODEL_ID as OFFLINE_MODEL

MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class Price:
    """USD per one million tokens."""

    input_per_1m: Decimal
    output_per_1m: Decimal


PRICES_AS_OF = "2025-08"
PRICES_NOTE = (
    "Example list prices in USD per 1M tokens, as OpenAI published them in August 2025 — not "
    "authoritative: check the provider's pricing page. Cached input, batch and reasoning tokens "
    "are priced differently. The offline model and a local Ollama cost nothing per token."
)
PRICES: dict[str, Price] = {
    OFFLINE_MODEL: Price(Decimal("0"), Decimal("0")),
    "gpt-4o-mini": Price(Decimal("0.15"), Decimal("0.60")),
    "gpt-4.1-mini": Price(Decimal("0.40"), Decimal("1.60")),
    "gpt-5-mini": Price(Decimal("0.25"), Decimal("2.00")),
    "gpt-4o": Price(Decimal("2.50"), Decimal("10.00")),
}


@dataclass(frozen=True)
class Cost:
    input_usd: Decimal
    output_usd: Decimal

    @property
    def total_usd(self) -> Decimal:
        return self.input_usd + self.output_usd


def cost_of(prompt_tokens: int, completion_tokens: int, price: Price) -> Cost:
    return Cost(
        input_usd=prompt_tokens * price.input_per_1m / MILLION,
        output_usd=completion_tokens * price.output_per_1m / MILLION,
    )


def price_of(model: str) -> Price | None:
    return PRICES.get(model)


def what_it_would_cost(prompt_tokens: int, completion_tokens: int) -> dict[str, str]:
    """The same usage at every listed price: what this call would cost on each model."""
    return {
        model: usd(cost_of(prompt_tokens, completion_tokens, price).total_usd)
        for model, price in PRICES.items()
    }


def usd(amount: Decimal) -> str:
    """Plain decimal notation (``"0.00000045"``, never ``"4.5E-7"``), exact, no trailing zeros."""
    text = f"{amount:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
