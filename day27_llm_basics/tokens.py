"""Tokens: a model reads, limits and bills text in tokens — so a backend must count them.

A chat model never sees characters or words. Its tokenizer cuts text into pieces from a fixed
vocabulary, learned once from a large corpus by byte-pair encoding (BPE): start from the 256
byte values, then repeatedly merge the most frequent adjacent pair into a new token. Common
words end up as one token, rare words as several, and every text — emoji and all — can be
encoded, because bytes are always available.

Three counts, for three jobs:

* :func:`estimate` — before a call, to check budgets: ``ceil(characters / 4)``, the stated rule
  of the offline model (:func:`shared.offline_llm.count_tokens`) and OpenAI's rule of thumb for
  English. A real tokenizer (``tiktoken`` for OpenAI models, the model's own for Llama) would
  be exact, but it is not one of the course's dependencies, so this lesson says "about".
* ``usage`` in every API response — after the call, exact: what you are billed for.
* :class:`ToyBPE` — to *see* tokenization: a byte-level BPE trained on a paragraph of this
  lesson. Real vocabularies hold 100 000-200 000 tokens learned from terabytes; the idea is
  the same.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from shared.offline_llm import CHARS_PER_TOKEN, count_tokens, prompt_tokens

APPROXIMATION = (
    f"ceil(characters / {CHARS_PER_TOKEN}) per message, plus 3 per message and 3 for the reply: "
    "the offline model's stated rule, exact for it; for a real model an estimate (its tokenizer "
    "decides) and the response's usage is the exact count"
)


def estimate(text: str) -> int:
    """Tokens in ``text`` by the stated approximation (one per 4 characters, rounded up)."""
    return count_tokens(text)


def estimate_messages(messages: list[dict[str, Any]]) -> int:
    """Prompt tokens of a whole chat request: each message's text plus a small overhead.

    Chat APIs wrap every message in a few special tokens (role markers, separators); the
    offline model states 3 per message and 3 to start the reply, close to OpenAI's own.
    """
    return prompt_tokens(messages)


# --- a toy byte-pair encoder ----------------------------------------------------------------

#: what the toy tokenizer learns from: repetition is the point, as it is in real corpora
CORPUS = """
A backend receives a request, checks it, does the work and sends a response. A language model
is called like any other backend service: the request holds messages, the response holds the
answer and the usage, and the usage counts tokens. The model reads tokens, the context window
is measured in tokens, and the price is per million tokens. A token is often a short word, a
piece of a longer word, a space with a word, or a single byte. The model predicts the next
token, then the next token, then the next token, until the answer is complete or the budget of
tokens is spent. The backend streams each token to the client as soon as it arrives, so the
client reads the answer while the model is still writing the answer. The request, the
response, the tokens and the cost: the backend keeps all of them in check.
"""

#: pre-tokenization, as GPT-2 does it: merges never cross a word boundary (a leading space
#: stays with its word: " token" and "token" are different tokens)
_SPLIT = re.compile(r" ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+")


@dataclass
class ToyBPE:
    """A byte-level BPE tokenizer: 256 byte tokens plus the merges learned in training."""

    #: (left id, right id) -> new id, in the order they were learned (their rank)
    merges: dict[tuple[int, int], int]
    vocab: dict[int, bytes] = field(default_factory=dict, repr=False)
    #: words already encoded (words repeat a lot); bounded, so odd input cannot grow it forever
    _seen: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.vocab = {i: bytes([i]) for i in range(256)}
        for (left, right), new in self.merges.items():
            self.vocab[new] = self.vocab[left] + self.vocab[right]

    @classmethod
    def train(cls, corpus: str, merges: int) -> ToyBPE:
        """Learn ``merges`` merges: each time, the most frequent adjacent pair becomes a token."""
        words = Counter(tuple(w.encode()) for w in _SPLIT.findall(corpus))
        learned: dict[tuple[int, int], int] = {}
        for new_id in range(256, 256 + merges):
            pairs: Counter[tuple[int, int]] = Counter()
            for word, count in words.items():
                for pair in zip(word, word[1:], strict=False):
                    pairs[pair] += count
            if not pairs:
                break
            # Most frequent first; ties broken by the pair itself, so training is repeatable.
            best = max(pairs, key=lambda p: (pairs[p], -p[0], -p[1]))
            if pairs[best] < 2:
                break  # a pair seen once teaches nothing about the language
            learned[best] = new_id
            words = Counter({_merge(w, best, new_id): c for w, c in words.items()})
        return cls(learned)

    def encode(self, text: str) -> list[int]:
        return [i for word in _SPLIT.findall(text) for i in self._encode_word(word)]

    def decode(self, ids: Iterable[int]) -> str:
        return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")

    def pieces(self, text: str) -> list[str]:
        """Each token of ``text`` as text; a lone byte of a longer character shows as ``\\xNN``."""
        return [self.vocab[i].decode("utf-8", errors="backslashreplace") for i in self.encode(text)]

    def _encode_word(self, word: str) -> tuple[int, ...]:
        if (known := self._seen.get(word)) is not None:
            return known
        ids = tuple(word.encode())
        while len(ids) > 1:
            # Apply the earliest-learned merge present, as the tokenizer was trained.
            ranked = [(self._rank(p), p) for p in zip(ids, ids[1:], strict=False)]
            rank, pair = min(ranked)
            if rank == _NEVER:
                break
            ids = _merge(ids, pair, self.merges[pair])
        if len(self._seen) < 10_000:
            self._seen[word] = ids
        return ids

    def _rank(self, pair: tuple[int, int]) -> int:
        return self.merges.get(pair, _NEVER)


_NEVER = 1 << 30


def _merge(ids: tuple[int, ...], pair: tuple[int, int], new_id: int) -> tuple[int, ...]:
    out: list[int] = []
    i = 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return tuple(out)


@functools.cache
def toy_tokenizer() -> ToyBPE:
    """The lesson's toy tokenizer, trained once per process (a few milliseconds)."""
    return ToyBPE.train(CORPUS, merges=300)
