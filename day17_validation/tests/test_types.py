"""The reusable types, one by one: what each accepts, what it makes of it, and what it refuses."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from day17_validation.nesting import MAX_DEPTH, depth_of, depth_of_raw
from day17_validation.normalise import fold_email, identifier_key
from day17_validation.types import (
    CommentText,
    DisplayName,
    Email,
    JsonObject,
    Money,
    Password,
    Quantity,
    Slug,
    Username,
    WebUrl,
)


def valid(type_: Any, value: Any) -> Any:
    return TypeAdapter(type_).validate_python(value)


def refused(type_: Any, value: Any) -> str:
    """The error type Pydantic reports for ``value``; fails if it is accepted."""
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(type_).validate_python(value)
    return caught.value.errors()[0]["type"]


# --- normalising: one spelling per name ----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("eve", "eve"),
        ("  Eve\t", "eve"),  # trimmed, case-folded
        ("ｅｖｅ", "eve"),  # full-width letters (U+FF45…): NFKC makes them ASCII
        ("ＥＶＥ", "eve"),
        ("ﬁona", "fiona"),  # the "fi" ligature, one code point
        ("\u212aelvin", "kelvin"),  # KELVIN SIGN, not the letter K
        ("ſam", "sam"),  # long s folds to s
    ],
)
def test_usernames_are_nfkc_normalised_and_case_folded(typed: str, stored: str) -> None:
    assert valid(Username, typed) == stored
    assert identifier_key(typed) == stored


@pytest.mark.parametrize(
    "name",
    [
        "\u0435ve",  # Cyrillic е: a confusable, not a compatibility variant — NFKC keeps it
        "ev",  # too short
        "e" * 33,  # too long once normalised
        "1eve",  # must start with a letter
        "eve smith",
        "eve\x00",
        "ad.min",
        "\ufdfa" * 4,  # each expands to 18 characters under NFKC
    ],
)
def test_usernames_outside_the_ascii_allow_list_are_refused(name: str) -> None:
    assert refused(Username, name) == "value_error"


def test_the_raw_username_is_bounded_before_any_normalising_work() -> None:
    assert refused(Username, "e" * 65) == "string_too_long"


def test_emails_are_trimmed_and_lower_cased_whole() -> None:
    assert valid(Email, "  Ada.Lovelace+News@Example.ORG ") == "ada.lovelace+news@example.org"
    # Dots and +tags stay: removing them is one provider's rule, not the standard's.
    assert fold_email("A.B+c@x.io") == "a.b+c@x.io"


@pytest.mark.parametrize(
    "address",
    [
        "no-at-sign",
        "@example.org",
        "ada@",
        "ada@localhost",
        "ada @x.org",
        "ada\x00@x.org",
        "ß@x.org",
    ],
)
def test_malformed_emails_are_refused(address: str) -> None:
    assert refused(Email, address) == "value_error"


def test_free_text_is_nfc_normalised_not_nfkc() -> None:
    # "e" + COMBINING ACUTE becomes the single "é"; the full-width ｅ of a name is kept as typed
    assert valid(DisplayName, " Re\u0301ne ") == "Réne"
    assert valid(DisplayName, "ｅｖｅ") == "ｅｖｅ"
    assert valid(CommentText, "line one\r\nline two\r\tend") == "line one\nline two\n\tend"


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x07", "\x1b", "\x7f", "\u202e", "\u2066", "\ud800"],
    ids=["NUL", "BEL", "ESC", "DEL", "RLO", "LRI", "lone-surrogate"],
)
def test_control_characters_bidi_overrides_and_surrogates_are_refused(char: str) -> None:
    for type_ in (DisplayName, CommentText, Password):
        # Pydantic's own str check already refuses a lone surrogate (string_unicode).
        assert refused(type_, f"harmless {char} text") in {"value_error", "string_unicode"}


def test_blank_and_oversized_text_is_refused() -> None:
    assert refused(DisplayName, "   ") == "value_error"
    assert refused(CommentText, "\n\n") == "value_error"
    assert valid(CommentText, "x" * 2000)
    assert refused(CommentText, "x" * 2001) == "value_error"
    assert refused(CommentText, "x" * 2201) == "string_too_long"


# --- identifiers, URLs, numbers: refused rather than guessed ------------------------------


def test_slugs_are_refused_not_fixed() -> None:
    assert valid(Slug, "hello-world-2") == "hello-world-2"
    for bad in ("Hello-World", "hello world", "hello--world", "-hello", "é", "a" * 65):
        assert refused(Slug, bad) in {"string_pattern_mismatch", "string_too_long"}
    assert refused(Slug, 12) == "string_type"


def test_web_urls_are_http_or_https_only() -> None:
    assert str(valid(WebUrl, "https://example.org/a?b=c")) == "https://example.org/a?b=c"
    for bad in ("javascript:alert(1)", "data:text/html,<script>", "ftp://example.org/", "//x.org"):
        assert refused(WebUrl, bad) in {"url_scheme", "url_parsing"}


@pytest.mark.parametrize("value", ["1250", 1250.0, True, False, None])
def test_money_is_a_strict_int(value: Any) -> None:
    assert refused(Money, value) == "int_type"


def test_money_and_quantity_are_bounded() -> None:
    assert valid(Money, 1250) == 1250
    assert refused(Money, -1) == "greater_than_equal"
    assert refused(Money, 2**63) == "less_than_equal"  # could not even be stored as BSON int64
    assert refused(Quantity, 0) == "greater_than_equal"
    assert refused(Quantity, 101) == "less_than_equal"


# --- free-form JSON, bounded ---------------------------------------------------------------


def test_json_objects_are_bounded_in_depth_size_keys_and_values() -> None:
    ok = {"theme": "dark", "panels": [{"open": True, "width": 320.5}], "n": None}
    assert valid(JsonObject, ok) == ok
    assert "too_long" in refused(JsonObject, {f"k{i}": i for i in range(21)})
    for bad in (
        {"a": {"b": {"c": {"d": 1}}}},  # 4 levels
        {"list": list(range(100))},  # 101 values in all
        {"$set": {"role": "admin"}},  # an operator name as a key
        {"a.b": 1},  # a path as a key
        {"k": "x" * 201},
        {"k": "a\x00b"},
        {"k": float("nan")},
        {"k": float("inf")},
        {"k": 2**60},
    ):
        assert refused(JsonObject, bad) == "value_error", bad


# --- nesting depth on the raw bytes --------------------------------------------------------


def test_raw_depth_skips_strings_and_stops_counting_past_the_limit() -> None:
    assert depth_of_raw(b'{"a": [1, {"b": []}]}') == 4
    assert depth_of_raw(b'{"text": "[[[[[[[[[[[[[[[[[[[["}') == 1
    assert depth_of_raw(rb'{"text": "a \" [[[[[[[[[[[[[[[[[[[[ b"}') == 1  # an escaped quote
    assert depth_of_raw(b"[" * 1_000_000) == MAX_DEPTH + 1
    assert depth_of({"a": [1, {"b": []}]}) == 4
