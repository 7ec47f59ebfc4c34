"""Signing with HS256 and EdDSA, the claims, the published key, and keys kept out of logs."""

from __future__ import annotations

import base64
import logging
from datetime import datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from course.testing import asgi_client
from day20_jwt.anatomy import inspect
from day20_jwt.app import create_app
from shared.tokens import KeyRing, SigningKey, TokenSettings

from .conftest import ADA, assert_refused, bearer, login


@pytest.mark.parametrize(("alg", "kid"), [("EdDSA", "ed25519-1"), ("HS256", "hs256-1")])
async def test_both_algorithms_sign_tokens_the_api_accepts(client, alg, kid):
    token = await login(client, alg=alg)
    assert inspect(token).header == {"alg": alg, "kid": kid, "typ": "at+jwt"}
    r = await client.get("/me", headers=bearer(token))
    assert r.status_code == 200
    seen = r.json()["token"]
    assert (seen["source"], seen["kid"], seen["alg"], seen["typ"]) == ("header", kid, alg, "at+jwt")


async def test_claims_of_an_access_token(client):
    r = await client.post("/auth/login", json=ADA)
    claims = inspect(r.json()["access_token"]).payload
    assert claims["iss"] == "backend-nexus-auth"
    assert claims["aud"] == "backend-nexus-api"
    assert claims["sub"] == "ada"
    assert claims["client_id"] == "backend-nexus-web"
    assert claims["nbf"] == claims["iat"]
    assert claims["exp"] - claims["iat"] == r.json()["expires_in"] == 900
    other = inspect(await login(client)).payload
    assert len(claims["jti"]) == 32 and claims["jti"] != other["jti"]  # one id per token


async def test_every_request_is_checked_not_just_the_first(client, monkeypatch):
    """The same token, one hour later, on the same server: refused as expired."""
    token = await login(client)
    assert (await client.get("/me", headers=bearer(token))).status_code == 200

    class AnHourLater(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return datetime.now(tz) + timedelta(hours=1)

    monkeypatch.setattr(jwt.api_jwt, "datetime", AnHourLater)
    assert_refused(await client.get("/me", headers=bearer(token)), "expired")


async def test_jwks_publishes_the_public_key_only_and_it_verifies_our_tokens(client):
    jwks = (await client.get("/.well-known/jwks.json")).json()
    [jwk] = jwks["keys"]
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and jwk["alg"] == "EdDSA"
    assert "d" not in jwk and "k" not in jwk  # no private part, no symmetric secret
    # Another service, with nothing but the JWKS, verifies our EdDSA tokens...
    token = await login(client)
    key = jwt.PyJWK(jwk)
    claims = jwt.decode(token, key, algorithms=["EdDSA"], audience="backend-nexus-api")
    assert claims["sub"] == "ada"
    # ...but cannot verify (or mint) HS256 ones: that secret is never published.
    with pytest.raises(jwt.InvalidTokenError):
        jwt.decode(await login(client, alg="HS256"), key, algorithms=["EdDSA"])


def test_each_key_allows_exactly_one_algorithm():
    ring = TokenSettings().key_ring()
    assert {k.kid: k.algorithm for k in ring} == {"ed25519-1": "EdDSA", "hs256-1": "HS256"}
    assert ring.signer().kid == "ed25519-1"
    with pytest.raises(ValueError, match="two keys"):
        KeyRing([SigningKey.hs256(), SigningKey.hs256()])


async def test_keys_never_reach_logs_or_reprs(caplog):
    caplog.set_level(logging.DEBUG)
    secret = b"s" * 40
    pem = _ed25519_pem()
    app = create_app(TokenSettings(hs256_secret=secret.decode(), ed25519_private_key=pem.decode()))
    async with asgi_client(app) as c:
        token = await login(c, alg="HS256")
        await c.get("/me", headers=bearer(token))
    logged = caplog.text + repr(app.state.keys) + repr(list(app.state.keys))
    assert "signing keys: ed25519-1 (EdDSA, JWT_ED25519_PRIVATE_KEY)" in caplog.text
    for leak in (secret.decode(), base64.b64encode(secret).decode(), "PRIVATE KEY", token):
        assert leak not in logged
    assert inspect(token).payload["jti"] in caplog.text  # the jti names the token instead


async def test_keys_from_settings_outlive_a_restart(monkeypatch):
    """With keys in the environment, a token from one app instance verifies on the next."""
    monkeypatch.setenv("JWT_HS256_SECRET", "a-long-enough-secret-for-hs256-0123456789")
    monkeypatch.setenv("JWT_ED25519_PRIVATE_KEY", _ed25519_pem().decode())
    async with asgi_client(create_app()) as first:
        token = await login(first)
        hs_token = await login(first, alg="HS256")
    async with asgi_client(create_app()) as second:
        assert (await second.get("/me", headers=bearer(token))).status_code == 200
        assert (await second.get("/me", headers=bearer(hs_token))).status_code == 200
    # Generated keys (the default) do not: a new app has new keys.
    monkeypatch.delenv("JWT_HS256_SECRET")
    monkeypatch.delenv("JWT_ED25519_PRIVATE_KEY")
    async with asgi_client(create_app()) as third:
        assert_refused(await third.get("/me", headers=bearer(token)), "bad-signature")


def test_weak_or_wrong_keys_stop_the_start():
    with pytest.raises(ValueError, match="at least 32 bytes"):
        create_app(TokenSettings(hs256_secret="short"))
    with pytest.raises(ValueError):
        create_app(TokenSettings(ed25519_private_key="-----BEGIN PRIVATE KEY-----\nnope\n"))
    ec_key = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(ValueError, match="not an Ed25519 key"):
        create_app(TokenSettings(ed25519_private_key=ec_key.decode()))


def _ed25519_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
