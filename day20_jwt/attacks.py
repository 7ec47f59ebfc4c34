"""Forged tokens, built by hand the way an attacker would — and a verifier they would fool.

Everything here uses only the standard library and what an attacker can see: a token of
their own (from logging in), and our *public* key (``GET /.well-known/jwks.json``). No
library is asked to sign, because a careful library refuses to build these (PyJWT, for one,
will not use a PEM public key as an HMAC secret) — attackers do not use careful libraries.

:func:`naive_verify` is the bug the attacks target: a verifier that lets the token's ``alg``
header decide how to check it. The lesson's verifier (``shared/tokens.py:verify``) picks
the algorithm from *its own key* and refuses both forgeries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from day20_jwt.anatomy import b64url_decode, b64url_encode, inspect
from shared.tokens import KeyRing, TokenPolicy, issue, sign


def encode_part(value: dict[str, Any]) -> str:
    return b64url_encode(json.dumps(value, separators=(",", ":")).encode())


def alg_none(header: dict[str, Any], claims: dict[str, Any]) -> str:
    """RFC 7519 §6 "unsecured JWT": ``alg: none`` and an empty signature."""
    return f"{encode_part({**header, 'alg': 'none'})}.{encode_part(claims)}."


def hs256_with_public_key(header: dict[str, Any], claims: dict[str, Any], public_pem: bytes) -> str:
    """Algorithm confusion: claim HS256 and use the server's *public* key bytes as the secret.

    A verifier that obeys ``alg`` computes HMAC-SHA256 with "its key" — the public key PEM it
    holds for EdDSA — and gets exactly this signature.
    """
    signing_input = f"{encode_part({**header, 'alg': 'HS256'})}.{encode_part(claims)}"
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url_encode(signature)}"


def ed25519_signed(
    header: dict[str, Any], claims: dict[str, Any], private: Ed25519PrivateKey
) -> str:
    """A correctly signed EdDSA token — by a key that is not ours."""
    signing_input = f"{encode_part({**header, 'alg': 'EdDSA'})}.{encode_part(claims)}"
    return f"{signing_input}.{b64url_encode(private.sign(signing_input.encode()))}"


def with_embedded_key(
    header: dict[str, Any], claims: dict[str, Any], private: Ed25519PrivateKey
) -> str:
    """Put the attacker's public key in the header (``jwk``) and sign with its private half.

    A verifier that uses a key *the token supplies* accepts anything (CVE-2018-0114 style).
    """
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}
    return ed25519_signed({**header, "jwk": jwk}, claims, private)


def tamper(token: str, **changes: Any) -> str:
    """Edit the payload of a real token and keep its (now wrong) signature."""
    anatomy = inspect(token)
    payload = encode_part({**anatomy.payload, **changes})
    return f"{anatomy.parts['header']}.{payload}.{anatomy.parts['signature']}"


def public_pem_from_jwk(jwk: dict[str, Any]) -> bytes:
    """The PEM of an Ed25519 JWK — anything derived from a public key is public too."""
    public = Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def naive_verify(token: str, public_pem: bytes) -> dict[str, Any]:
    """HOW NOT TO VERIFY: the token's ``alg`` decides how its signature is checked.

    The server holds one key (the PEM of its Ed25519 public key) and lets each token say
    what to do with it: "none" skips the check, "HS256" uses the key bytes as an HMAC secret.
    Returns the payload when "valid", raises ValueError otherwise.
    """
    anatomy = inspect(token)
    alg = anatomy.header.get("alg")
    message = anatomy.signing_input.encode()
    if alg == "none":
        return anatomy.payload
    if alg == "HS256":
        expected = hmac.new(public_pem, message, hashlib.sha256).digest()
        if hmac.compare_digest(expected, anatomy.signature):
            return anatomy.payload
    elif alg == "EdDSA":
        public = serialization.load_pem_public_key(public_pem)
        try:
            public.verify(anatomy.signature, message)  # type: ignore[union-attr,call-arg]
            return anatomy.payload
        except InvalidSignature:
            pass
    raise ValueError("invalid signature")


def segment(text: str) -> str:
    """base64url of arbitrary text (for malformed-token variants)."""
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


@dataclass(frozen=True)
class Attack:
    name: str
    what: str
    token: str
    #: the ``reason`` the lesson's 401 names
    refused_as: str


def catalogue(ring: KeyRing, policy: TokenPolicy, token: str) -> list[Attack]:
    """Every attack the README lists, built from a real token of ``ada``'s.

    The first group needs only what an attacker has (their token and our public key). The
    second is signed with *our* key on purpose: the signature is then perfect, so the only
    thing standing between the token and the API is the claim check being shown.
    """
    header = inspect(token).header
    claims = inspect(token).payload
    pem = public_pem_from_jwk(ring.jwks()["keys"][0])
    stranger = Ed25519PrivateKey.generate()
    now = time.time()
    ed = ring.signer("EdDSA").kid

    def ours(**changes: Any) -> str:
        body = {k: v for k, v in {**claims, **changes}.items() if v is not None}
        return sign(ring, body, kid=ed, typ=policy.typ)

    return [
        Attack("alg-none", "alg: none, no signature", alg_none(header, claims), "alg-not-allowed"),
        Attack(
            "alg-confusion",
            "HS256 keyed with our Ed25519 public key PEM",
            hs256_with_public_key(header, claims, pem),
            "alg-not-allowed",
        ),
        Attack(
            "tampered-payload", "sub changed to grace", tamper(token, sub="grace"), "bad-signature"
        ),
        Attack(
            "foreign-key",
            "signed by another Ed25519 key, our kid",
            ed25519_signed(header, claims, stranger),
            "bad-signature",
        ),
        Attack(
            "embedded-jwk",
            "attacker's key in a jwk header",
            with_embedded_key(header, claims, stranger),
            "bad-signature",
        ),
        Attack(
            "unknown-kid",
            "a kid this server never issued",
            ed25519_signed({**header, "kid": "attacker-1"}, claims, stranger),
            "unknown-key",
        ),
        Attack(
            "expired",
            "exp an hour ago",
            issue(ring, policy, "ada", now=now - 3600).token,
            "expired",
        ),
        Attack("not-yet-valid", "nbf an hour ahead", ours(nbf=int(now) + 3600), "not-yet-valid"),
        Attack("wrong-audience", "aud: another API", ours(aud="billing-api"), "wrong-audience"),
        Attack("wrong-issuer", "iss: another issuer", ours(iss="evil-issuer"), "wrong-issuer"),
        Attack(
            "wrong-type",
            "typ JWT, not at+jwt",
            sign(ring, claims, kid=ed, typ="JWT"),
            "wrong-type",
        ),
        Attack("missing-claim", "no exp: would never expire", ours(exp=None), "missing-claim"),
        Attack("malformed", "two parts instead of three", token.rsplit(".", 1)[0], "malformed"),
        Attack("oversized", "a 10 kB claim padded in", tamper(token, pad="x" * 10_000), "too-long"),
    ]
