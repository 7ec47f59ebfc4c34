"""Every attack in the README's "Break it" table, tried on GET /me and refused with 401.

Each test asserts the *reason* too, so it proves the check it is named after did the refusing
(a wrong-audience token that failed on its signature would prove nothing about audiences).
Tokens in the second half are signed with the lesson's real key on purpose: their signature
is perfect, so only the claim check under test stands between them and the API.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from day20_jwt import attacks
from day20_jwt.anatomy import inspect
from shared.tokens import REQUIRED_CLAIMS, issue, sign

from .conftest import assert_refused, bearer, login

README = Path(__file__).resolve().parent.parent / "README.md"


async def parts(client: httpx.AsyncClient) -> tuple[str, dict, dict]:
    """What an attacker holds: a real token of their own, decoded."""
    token = await login(client)
    anatomy = inspect(token)
    return token, anatomy.header, anatomy.payload


async def public_pem(client: httpx.AsyncClient) -> bytes:
    """Our public key, fetched the way anyone can."""
    jwk = (await client.get("/.well-known/jwks.json")).json()["keys"][0]
    return attacks.public_pem_from_jwk(jwk)


async def attempt(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.get("/me", headers=bearer(token))


def signed_by_us(app, claims: dict, **changes) -> str:
    """``claims`` with ``changes`` (None deletes a claim), signed by the lesson's EdDSA key."""
    body = {k: v for k, v in {**claims, **changes}.items() if v is not None}
    return sign(app.state.keys, body, kid="ed25519-1", typ="at+jwt")


async def test_the_real_token_is_accepted(client):
    """The control: without it, every refusal below could be a broken /me."""
    token = await login(client)
    assert (await attempt(client, token)).status_code == 200


async def test_alg_none(client):
    token, header, claims = await parts(client)
    forged = attacks.alg_none(header, claims)
    # A verifier that obeys the header accepts it: the attack is real...
    assert attacks.naive_verify(forged, await public_pem(client))["sub"] == "ada"
    # ...and ours refuses it because key ed25519-1 allows EdDSA only.
    assert_refused(await attempt(client, forged), "alg-not-allowed")


async def test_alg_confusion(client):
    """HS256 "signed" with our Ed25519 public key PEM as the HMAC secret."""
    token, header, claims = await parts(client)
    pem = await public_pem(client)
    forged = attacks.hs256_with_public_key(header, {**claims, "sub": "grace"}, pem)
    assert attacks.naive_verify(forged, pem)["sub"] == "grace"
    assert_refused(await attempt(client, forged), "alg-not-allowed")
    # Pointing it at the HS256 key instead does not help: that key is a secret, not the PEM.
    at_hs_key = attacks.hs256_with_public_key({**header, "kid": "hs256-1"}, claims, pem)
    assert_refused(await attempt(client, at_hs_key), "bad-signature")


async def test_tampered_payload(client):
    token, _, _ = await parts(client)
    forged = attacks.tamper(token, sub="grace")
    assert inspect(forged).payload["sub"] == "grace"
    assert_refused(await attempt(client, forged), "bad-signature")


async def test_foreign_key(client):
    """Correctly signed — by a key that is not ours, under our kid."""
    _, header, claims = await parts(client)
    forged = attacks.ed25519_signed(header, claims, Ed25519PrivateKey.generate())
    assert_refused(await attempt(client, forged), "bad-signature")


async def test_embedded_jwk(client):
    """The token brings its own public key in the header; we never use a key a token supplies."""
    _, header, claims = await parts(client)
    stranger = Ed25519PrivateKey.generate()
    forged = attacks.with_embedded_key(header, claims, stranger)
    assert "jwk" in inspect(forged).header
    assert_refused(await attempt(client, forged), "bad-signature")


async def test_unknown_kid(client):
    _, header, claims = await parts(client)
    forged = attacks.ed25519_signed(
        {**header, "kid": "attacker-1"}, claims, Ed25519PrivateKey.generate()
    )
    assert_refused(await attempt(client, forged), "unknown-key")
    no_kid = {k: v for k, v in header.items() if k != "kid"}
    forged = attacks.ed25519_signed(no_kid, claims, Ed25519PrivateKey.generate())
    assert_refused(await attempt(client, forged), "unknown-key")


async def test_expired(client, app):
    expired = issue(app.state.keys, app.state.policy, "ada", now=time.time() - 3600)
    assert expired.claims["exp"] < time.time()
    assert_refused(await attempt(client, expired.token), "expired")


async def test_not_yet_valid(client, app):
    _, _, claims = await parts(client)
    early = signed_by_us(app, claims, nbf=int(time.time()) + 3600)
    assert_refused(await attempt(client, early), "not-yet-valid")


async def test_wrong_audience(client, app):
    _, _, claims = await parts(client)
    assert_refused(
        await attempt(client, signed_by_us(app, claims, aud="billing-api")), "wrong-audience"
    )


async def test_wrong_issuer(client, app):
    _, _, claims = await parts(client)
    assert_refused(
        await attempt(client, signed_by_us(app, claims, iss="evil-issuer")), "wrong-issuer"
    )


async def test_wrong_type(client, app):
    """Same key, same claims, but typ "JWT": e.g. an ID token is not an access token."""
    _, _, claims = await parts(client)
    for typ in ("JWT", "refresh+jwt"):
        token = sign(app.state.keys, claims, kid="ed25519-1", typ=typ)
        assert_refused(await attempt(client, token), "wrong-type")
    # RFC 9068 allows the full media type too.
    full = sign(app.state.keys, claims, kid="ed25519-1", typ="application/at+jwt")
    assert (await attempt(client, full)).status_code == 200


@pytest.mark.parametrize("claim", REQUIRED_CLAIMS)
async def test_missing_claim(client, app, claim):
    _, _, claims = await parts(client)
    body = assert_refused(
        await attempt(client, signed_by_us(app, claims, **{claim: None})), "missing-claim"
    )
    assert claim in body["detail"]


MALFORMED = {
    "two parts": lambda t: t.rsplit(".", 1)[0],
    "four parts": lambda t: t + ".AAAA",
    "bad base64": lambda t: "!!!." + t.split(".", 1)[1],
    "standard base64 padding": lambda t: t.split(".")[0] + "==." + t.split(".", 1)[1],
    "impossible length": lambda t: "AAAAA." + t.split(".", 1)[1],
    "header not JSON": lambda t: attacks.segment("not json") + "." + t.split(".", 1)[1],
    "header a JSON list": lambda t: attacks.segment("[1]") + "." + t.split(".", 1)[1],
    "payload bad base64": lambda t: t.split(".")[0] + ".e30+." + t.split(".")[2],
    "signature bad base64": lambda t: t.rsplit(".", 1)[0] + ".c2ln/",
    "empty": lambda t: "..",
    "not a bearer header": None,
}


@pytest.mark.parametrize("variant", MALFORMED)
async def test_malformed(client, variant):
    token, _, _ = await parts(client)
    if MALFORMED[variant] is None:
        r = await client.get("/me", headers={"Authorization": f"Basic {token}"})
    else:
        r = await attempt(client, MALFORMED[variant](token))
    assert_refused(r, "malformed")


async def test_oversized(client):
    """A 10 kB token is refused by its length, before any decoding."""
    token, _, _ = await parts(client)
    huge = attacks.tamper(token, pad="x" * 10_000)
    assert_refused(await attempt(client, huge), "too-long")


async def test_every_readme_attack_has_a_test_and_the_catalogue_matches(client, app):
    """The README's table, the demo's catalogue and this file name the same attacks."""
    section = README.read_text().split("## Break it", 1)[1].split("\n## ", 1)[0]
    in_readme = re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.M)
    token = await login(client)
    catalogued = [a.name for a in attacks.catalogue(app.state.keys, app.state.policy, token)]
    assert in_readme == catalogued
    tests = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert {name.replace("-", "_") for name in in_readme} <= tests


async def test_the_demo_catalogue_is_refused_for_the_reason_it_names(client, app):
    token = await login(client)
    for attack in attacks.catalogue(app.state.keys, app.state.policy, token):
        assert_refused(await attempt(client, attack.token), attack.refused_as)
