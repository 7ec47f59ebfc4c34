"""A token decoded by hand, and the lesson's first point: decoding is not verifying."""

from __future__ import annotations

import jwt
import pytest

from day20_jwt import attacks
from day20_jwt.anatomy import MalformedToken, b64url_decode, b64url_encode, inspect

from .conftest import assert_problem, assert_refused, bearer, login


def test_base64url_is_base64_with_two_letters_changed_and_no_padding():
    data = b"\xfb\xff\xfe{}"
    assert b64url_encode(data) == "-__-e30"  # standard base64 would be "+//+e30="
    assert b64url_decode("-__-e30") == data
    for bad in ("+//+", "e30=", "e 30", "AAAAA"):
        with pytest.raises(MalformedToken):
            b64url_decode(bad)


async def test_hand_decoding_matches_what_pyjwt_reads(client):
    token = await login(client)
    anatomy = inspect(token)
    assert anatomy.header == jwt.get_unverified_header(token)
    assert anatomy.payload == jwt.decode(token, options={"verify_signature": False})
    assert anatomy.signing_input == token.rsplit(".", 1)[0]
    assert len(anatomy.signature) == 64  # an Ed25519 signature is always 64 bytes
    hs = inspect(await login(client, alg="HS256"))
    assert len(hs.signature) == 32  # HMAC-SHA256: 32 bytes


async def test_inspect_endpoint_shows_the_parts_and_says_it_verified_nothing(client):
    token = await login(client)
    r = await client.post("/tokens/inspect", json={"token": token})
    assert r.status_code == 200
    body = r.json()
    assert body["verified"] is False and "NOT verified" in body["warning"]
    assert body["header"] == {"alg": "EdDSA", "kid": "ed25519-1", "typ": "at+jwt"}
    assert body["payload"]["sub"] == "ada"
    assert body["signature"] == {"length": 64, "base64url": token.rsplit(".", 1)[1]}
    assert set(body["times"]) == {"iat", "nbf", "exp"}
    assert body["times"]["exp"].endswith("+00:00")


async def test_decoding_is_not_verifying(client):
    """A forged token decodes just as well as a real one; only verification tells them apart."""
    token = await login(client)
    anatomy = inspect(token)
    forged = attacks.alg_none(anatomy.header, {**anatomy.payload, "sub": "grace"})
    r = await client.post("/tokens/inspect", json={"token": forged})
    assert r.status_code == 200
    assert r.json()["payload"]["sub"] == "grace"  # reads perfectly well...
    assert_refused(
        await client.get("/me", headers=bearer(forged)), "alg-not-allowed"
    )  # ...is not ada's


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"token": "only.two"}, 422),
        ({"token": "a.b.c.d.e"}, 422),  # a JWE has five parts: not what this endpoint reads
        ({"token": "!!.e30.AA"}, 422),
        ({"token": f"{attacks.segment('[1]')}.e30."}, 422),
        ({"token": "e30." + attacks.segment('{"exp": NaN}') + "."}, 422),
        ({"token": "e30." + attacks.segment('{"exp": 1e999}') + "."}, 422),
        ({"token": "e30." * 2000 + "e30"}, 422),  # longer than the bound
        ({"token": ""}, 422),
        ({"token": "e30.e30.", "verify": True}, 422),  # unknown field
        ({}, 422),
    ],
)
async def test_inspect_refuses_what_is_not_a_jwt(client, body, status):
    r = await client.post("/tokens/inspect", json=body)
    assert_problem(r, status)


async def test_inspect_refuses_broken_and_oversized_bodies(client):
    r = await client.post(
        "/tokens/inspect", content=b'{"token": ', headers={"content-type": "application/json"}
    )
    assert_problem(r, 422)
    r = await client.post("/tokens/inspect", json={"token": "e" * 1_100_000})
    assert_problem(r, 413)
    not_jwt = await client.post("/tokens/inspect", json={"token": "hello"})
    assert assert_problem(not_jwt, 422)["type"] == "/problems/not-a-jwt"
