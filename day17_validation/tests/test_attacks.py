"""Every attack the README names, against the lesson's app: each one refused, nothing written.

Where the claim is "refused before the database", the test watches PyMongo's command stream
(``shared.dbwatch.watching``) and asserts that no command at all was sent for the request.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from day17_validation.accounts import USERS
from day17_validation.comments import COMMENTS
from day17_validation.nesting import MAX_DEPTH
from shared.dbwatch import HEADER, watching

from .conftest import EVE, assert_problem, sign_up, stored

JSON = {"content-type": "application/json"}
COMMENT = {"name": "Ada", "text": "hello"}

# --- NoSQL injection -----------------------------------------------------------------------

INJECTIONS = {
    "ne-null": {"username": "admin", "password": {"$ne": None}},
    "gt-empty": {"username": "admin", "password": {"$gt": ""}},
    "regex-all": {"username": "admin", "password": {"$regex": ".*"}},
    "where-field": {"username": "admin", "password": "x", "$where": "return true"},
    "where-value": {"username": {"$where": "return true"}, "password": "x"},
    "ne-both": {"username": {"$ne": None}, "password": {"$ne": None}},
    "in-list": {"username": {"$in": ["admin", "root"]}, "password": {"$exists": True}},
    "or": {"$or": [{"username": "admin"}], "username": "admin", "password": "x"},
}


@pytest.mark.parametrize("body", INJECTIONS.values(), ids=INJECTIONS.keys())
async def test_operator_bodies_are_422_before_any_query(client: Any, body: dict) -> None:
    with watching() as sent:
        r = await client.post("/login", json=body)
    problem = assert_problem(r, 422)
    assert {e["type"] for e in problem["errors"]} <= {"string_type", "extra_forbidden"}
    assert sent == []  # not a find, not anything: the database never heard of it
    assert r.headers[HEADER] == "none"


async def test_operators_in_comment_fields_are_refused_too(client: Any, mongo_db: Any) -> None:
    for body in ({"name": {"$ne": None}, "text": "x"}, {**COMMENT, "text": {"$gt": ""}}):
        with watching() as sent:
            assert_problem(await client.post("/pages/welcome/comments", json=body), 422)
        assert sent == []
    assert await stored(mongo_db, COMMENTS) == 0


async def test_regex_metacharacters_in_search_are_literal(client: Any) -> None:
    await client.post("/pages/welcome/comments", json={**COMMENT, "text": "secret plans"})
    r = await client.get("/pages/welcome/comments", params={"contains": ".*"})
    assert r.status_code == 200 and r.json() == []


async def test_operator_keys_are_refused_in_stored_json(client: Any, mongo_db: Any) -> None:
    for preferences in ({"$where": "1"}, {"a.b": 1}, {"ok": {"$set": {"role": "admin"}}}):
        assert_problem(await sign_up(client, preferences=preferences), 422)
    assert await stored(mongo_db, USERS) == 0


# --- type confusion ------------------------------------------------------------------------

CONFUSED_LOGINS = [
    {"username": ["admin"], "password": "x" * 8},
    {"username": 1, "password": "x" * 8},
    {"username": True, "password": "x" * 8},
    {"username": None, "password": "x" * 8},
    {"username": "admin", "password": 12345678},
    {"username": "admin", "password": ["a", "b"]},
]


@pytest.mark.parametrize("body", CONFUSED_LOGINS)
async def test_wrong_json_types_are_not_coerced_into_strings(client: Any, body: dict) -> None:
    with watching() as sent:
        assert_problem(await client.post("/login", json=body), 422, error_type="string_type")
    assert sent == []


@pytest.mark.parametrize(
    "order",
    [
        {"quantity": 3, "unit_price_cents": False},
        {"quantity": "12", "unit_price_cents": 100},
        {"quantity": 1.0, "unit_price_cents": 100},
        {"quantity": True, "unit_price_cents": 100},
        {"quantity": 1, "unit_price_cents": 100, "gift_wrap": "true"},
    ],
)
async def test_strict_types_refuse_false_as_0_string_numbers_floats_and_bools(
    client: Any, order: dict
) -> None:
    assert_problem(await client.post("/orders/preview/strict", json=order), 422)


# --- mass assignment -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {"role": "admin"},
        {"is_admin": True},
        {"_id": "000000000000000000000000"},
        {"password_hash": "scrypt$00$00"},
        {"created_at": "2000-01-01T00:00:00Z"},
    ],
)
async def test_unknown_fields_cannot_be_mass_assigned(
    client: Any, mongo_db: Any, extra: dict
) -> None:
    problem = assert_problem(await sign_up(client, **extra), 422, error_type="extra_forbidden")
    assert problem["errors"][0]["loc"] == ["body", next(iter(extra))]
    assert await stored(mongo_db, USERS) == 0


# --- sizes ---------------------------------------------------------------------------------

OVERSIZED_SIGNUPS = {
    "username": {"username": "e" * 65},
    "email": {"email": "e" * 250 + "@x.org"},
    "password": {"password": "p" * 129},
    "display_name": {"display_name": "E" * 81},
    "preferences-keys": {"preferences": {f"k{i}": 1 for i in range(21)}},
    "preferences-string": {"preferences": {"bio": "b" * 201}},
    "preferences-int": {"preferences": {"n": 2**64}},
}


@pytest.mark.parametrize("change", OVERSIZED_SIGNUPS.values(), ids=OVERSIZED_SIGNUPS.keys())
async def test_over_long_values_are_refused(client: Any, mongo_db: Any, change: dict) -> None:
    assert_problem(await sign_up(client, **change), 422)
    assert await stored(mongo_db, USERS) == 0


async def test_over_long_comments_and_lists_are_refused(client: Any, mongo_db: Any) -> None:
    for body in ({**COMMENT, "text": "x" * 2201}, {**COMMENT, "tags": ["t"] * 6}):
        assert_problem(await client.post("/pages/welcome/comments", json=body), 422)
    assert await stored(mongo_db, COMMENTS) == 0


@pytest.mark.parametrize("path", ["/login", "/signup", "/pages/welcome/comments"])
async def test_deeply_nested_json_is_refused_before_parsing(
    client: Any, mongo_db: Any, path: str
) -> None:
    bomb = b"[" * 900_000  # under the 1 MB body limit; a million parser frames otherwise
    with watching() as sent:
        r = await client.post(path, content=bomb, headers=JSON)
    assert_problem(r, 422, error_type="json_too_deep")
    assert sent == []


async def test_nesting_just_past_the_limit_is_refused(client: Any, mongo_db: Any) -> None:
    nested: Any = "deep"
    for _ in range(MAX_DEPTH):
        nested = {"k": nested}
    body = json.dumps({**EVE, "preferences": nested}).encode()  # MAX_DEPTH + 1 levels
    assert_problem(
        await client.post("/signup", content=body, headers=JSON), 422, error_type="json_too_deep"
    )
    shallower = {**EVE, "preferences": {"a": {"b": {"c": {"d": 1}}}}}  # fine for the parser...
    # ...not for the field
    assert_problem(await sign_up(client, **shallower), 422, error_type="value_error")
    assert await stored(mongo_db, USERS) == 0


async def test_bodies_over_1_mb_are_413(client: Any, mongo_db: Any) -> None:
    huge = json.dumps({**COMMENT, "text": "x" * 1_100_000})
    r = await client.post("/pages/welcome/comments", content=huge, headers=JSON)
    assert_problem(r, 413)
    assert await stored(mongo_db, COMMENTS) == 0


async def test_nan_and_infinity_are_refused(client: Any, mongo_db: Any) -> None:
    # Python's json module reads these non-JSON words; the lesson must not store them.
    for word in ("NaN", "Infinity", "-Infinity"):
        body = json.dumps(EVE)[:-1] + f', "preferences": {{"zoom": {word}}}}}'
        r = await client.post("/signup", content=body, headers=JSON)
        assert assert_problem(r, 422)["errors"][0]["msg"] == "Value error, numbers must be finite"
    assert await stored(mongo_db, USERS) == 0


# --- homographs: one name, one account -----------------------------------------------------


async def test_full_width_and_case_variants_collide_with_the_original(
    client: Any, mongo_db: Any
) -> None:
    assert (await sign_up(client, username="eve")).status_code == 201
    for n, twin in enumerate(("ｅｖｅ", "EVE", "Ｅｖｅ", " eve ")):
        r = await sign_up(client, username=twin, email=f"twin{n}@example.org")
        assert assert_problem(r, 409)["field"] == "username"
    assert await stored(mongo_db, USERS) == 1


async def test_confusables_nfkc_keeps_apart_are_refused(client: Any, mongo_db: Any) -> None:
    # Cyrillic е (U+0435) and Greek ο (U+03BF) look like Latin e and o; NFKC leaves them be.
    for name in ("\u0435ve", "b\u03bfb"):
        assert_problem(await sign_up(client, username=name), 422, error_type="value_error")
    assert await stored(mongo_db, USERS) == 0


# --- XSS -----------------------------------------------------------------------------------

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "<a href=javascript:alert(1)>click</a>",
    "</p></article><iframe src=//evil.example>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
async def test_xss_payloads_are_stored_as_text_and_rendered_inert(
    client: Any, mongo_db: Any, payload: str
) -> None:
    r = await client.post("/pages/welcome/comments", json={"name": payload, "text": payload})
    assert r.status_code == 201
    assert (await mongo_db[COMMENTS].find_one({}))["text"] == payload
    page = (await client.get("/pages/welcome")).text
    for tag in ("<script", "<img", "<svg", "<iframe", "<a href=javascript"):
        assert tag not in page
    assert "&lt;" in page


async def test_script_urls_are_refused_where_escaping_cannot_help(
    client: Any, mongo_db: Any
) -> None:
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>"):
        r = await client.post("/pages/welcome/comments", json={**COMMENT, "website": url})
        assert_problem(r, 422)
    assert await stored(mongo_db, COMMENTS) == 0


# --- control characters --------------------------------------------------------------------

CONTROL = {"NUL": "\x00", "ESC": "\x1b[2J", "BEL": "\x07", "RLO": "\u202e", "DEL": "\x7f"}


@pytest.mark.parametrize("char", CONTROL.values(), ids=CONTROL.keys())
async def test_null_bytes_and_control_characters_are_refused(
    client: Any, mongo_db: Any, char: str
) -> None:
    for field in ("username", "email", "password", "display_name"):
        r = await sign_up(client, **{field: f"{EVE[field][:4]}{char}{EVE[field][4:]}"})
        assert_problem(r, 422)
    assert_problem(await sign_up(client, preferences={"motto": f"a{char}b"}), 422)
    for field in ("name", "text"):
        r = await client.post("/pages/welcome/comments", json={**COMMENT, field: f"hi{char}!"})
        assert_problem(r, 422)
    assert await stored(mongo_db, USERS) == 0
    assert await stored(mongo_db, COMMENTS) == 0


async def test_lone_surrogates_are_refused(client: Any, mongo_db: Any) -> None:
    # JSON can spell half a UTF-16 pair; nothing can encode it to UTF-8 (BSON) afterwards.
    body = json.dumps({**COMMENT, "text": "broken \ud800 half"})
    assert "\\ud800" in body
    r = await client.post("/pages/welcome/comments", content=body, headers=JSON)
    assert_problem(r, 422)
    assert await stored(mongo_db, COMMENTS) == 0
