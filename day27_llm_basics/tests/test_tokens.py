"""Tokens: estimated by the stated rule before a call, exact in usage after it, and what BPE does."""

from __future__ import annotations

import math

import pytest

from day27_llm_basics.tokens import APPROXIMATION, ToyBPE, estimate, toy_tokenizer


@pytest.mark.parametrize("text", ["a", "abcd", "abcde", "The model reads tokens, not words."])
async def test_the_estimate_is_a_token_per_four_characters(client, text: str) -> None:
    assert estimate(text) == math.ceil(len(text) / 4)
    r = await client.post("/tokens", json={"text": text})
    assert r.status_code == 200
    body = r.json()
    assert body["characters"] == len(text)
    assert body["estimated_tokens"] == math.ceil(len(text) / 4)
    assert body["rule"] == APPROXIMATION


async def test_usage_is_the_exact_count_and_the_estimate_says_it_is_one(client) -> None:
    r = await client.post("/chat", json={"message": "How many tokens is this sentence?"})
    body = r.json()
    # The offline model counts by the very rule we estimate with: equal here, by construction.
    # With a real model the two differ, and usage is what you are billed for.
    assert body["estimated_prompt_tokens"] == body["usage"]["prompt_tokens"]
    model = (await client.get("/model")).json()
    assert "estimate" in model["tokens_estimated_as"] and "usage" in model["tokens_estimated_as"]


def test_bpe_learns_frequent_pairs_and_encodes_any_text() -> None:
    tokenizer = toy_tokenizer()
    assert tokenizer.merges, "training learned merges"
    # Frequent in the corpus: one token each, their leading space included...
    assert tokenizer.pieces("so the model reads tokens") == [
        "s",
        "o",
        " the",
        " model",
        " reads",
        " tokens",
    ]
    # ...which makes "the" at the start of a text (no space: rarer) a different story.
    assert tokenizer.pieces("the") == ["t", "he"]
    # Never seen: cut into many smaller pieces, but still encoded.
    assert len(tokenizer.pieces("antidisestablishmentarianism")) > 5
    # Bytes are the fallback: an emoji is 4 UTF-8 bytes, so up to 4 tokens.
    assert len(tokenizer.encode("👋")) == 4
    for text in ("the model reads tokens", "héllo 👋 wörld", "x" * 50, ""):
        assert tokenizer.decode(tokenizer.encode(text)) == text


def test_more_merges_mean_fewer_tokens() -> None:
    text = "the backend streams each token to the client"
    small, large = ToyBPE.train(text * 3, merges=5), ToyBPE.train(text * 3, merges=60)
    assert len(large.encode(text)) < len(small.encode(text)) < len(text.encode())


async def test_tokens_endpoint_shows_the_pieces(client) -> None:
    r = await client.post("/tokens", json={"text": "A token, the cost 👋"})
    toy = r.json()["toy_bpe"]
    assert toy["tokens"] == len(toy["pieces"])
    assert toy["pieces"][:3] == ["A", " token", ","]
    assert toy["pieces"][-4:] == ["\\xf0", "\\x9f", "\\x91", "\\x8b"]  # the emoji, byte by byte
