"""Temperature and top-p: how a model's scores for the next token become one token.

For every step, a model produces a score (a *logit*) for each token of its vocabulary. The
sampler turns scores into probabilities and draws one:

* **temperature** divides the scores before the softmax: below 1 the favourite gets more
  likely (0 means always the favourite: *greedy*); above 1 the odds flatten and unlikely
  tokens come up more often. Same prompt, different answers — unless the temperature is 0.
* **top-p** (nucleus sampling) keeps only the most likely tokens whose probabilities add up to
  ``top_p`` and draws among those: the long tail of odd tokens is cut off.
* a **seed** makes the draws repeatable for a given sampler — some APIs accept one, and still
  promise only "mostly" the same answer.

The offline model does not sample at all: it follows rules, so it accepts ``temperature``,
``top_p`` and ``seed`` and gives the same answer whatever they are. The functions below are
the sampler it does not have, run on a toy distribution, so you can watch what the knobs do.
"""

from __future__ import annotations

import math
import random
from collections import Counter

#: a made-up next-token distribution: the scores a model might give after this prompt
TOY_PROMPT = "The best thing about a good backend is"
TOY_LOGITS: dict[str, float] = {
    " reliability": 3.1,
    " speed": 2.8,
    " its": 2.0,
    " the": 1.7,
    " simplicity": 1.5,
    " caching": 0.9,
    " coffee": -0.5,
}


def probabilities(logits: dict[str, float], temperature: float) -> dict[str, float]:
    """Softmax of ``logits / temperature``; temperature 0 puts all the probability on the top one."""
    if temperature <= 0:
        best = max(logits, key=logits.__getitem__)
        return {token: float(token == best) for token in logits}
    # The top score is subtracted first: the same softmax, and no overflow (every exponent is
    # at most 0, however small the temperature).
    top = max(logits.values())
    weights = {token: math.exp((score - top) / temperature) for token, score in logits.items()}
    total = sum(weights.values())
    return {token: weight / total for token, weight in weights.items()}


def nucleus(probs: dict[str, float], top_p: float) -> dict[str, float]:
    """Keep the most likely tokens until their probability reaches ``top_p``; renormalise."""
    kept: dict[str, float] = {}
    running = 0.0
    for token, p in sorted(probs.items(), key=lambda item: -item[1]):
        if p == 0:
            break
        kept[token] = p
        running += p
        if running >= top_p:
            break
    return {token: p / running for token, p in kept.items()}


def sample(
    logits: dict[str, float],
    *,
    temperature: float = 1.0,
    top_p: float = 1.0,
    draws: int = 1,
    seed: int | None = None,
) -> list[str]:
    """``draws`` next tokens picked the way a sampler picks them; a seed makes it repeatable."""
    rng = random.Random(seed)
    allowed = nucleus(probabilities(logits, temperature), top_p)
    tokens, weights = list(allowed), list(allowed.values())
    return rng.choices(tokens, weights=weights, k=draws)


def histogram(tokens: list[str]) -> dict[str, int]:
    return dict(Counter(tokens).most_common())
