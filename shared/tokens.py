"""Introduced on Day 20: signed access tokens (JWT) — keys, issuing, and verifying every claim.

The rule this module is built around (RFC 8725 §3.1): **the server picks the key, and each key
allows exactly one algorithm**. A token's ``kid`` header may say *which* of our keys it claims,
but its ``alg`` header never chooses *how* to verify; it must match the key's one algorithm, or
the token is refused. That single rule stops ``alg=none`` and algorithm confusion (an HS256
token "signed" with a public key used as an HMAC secret).

* :class:`SigningKey` — one key, one algorithm: ``hs256`` (a shared secret, never published)
  or ``ed25519`` (``"EdDSA"`` in JOSE: the private key signs, the public key verifies and may be
  published as a JWKS). Key material never appears in ``repr``, logs or errors.
* :class:`KeyRing` — our keys by ``kid``; :meth:`KeyRing.jwks` publishes only public keys.
* :class:`TokenPolicy` — issuer, audience, lifetime, ``typ``, clock leeway, size bound.
* :func:`issue` / :func:`sign` — make a token; :func:`verify` — check one completely, or raise
  :class:`InvalidToken` (a 401 problem with a ``reason`` and an RFC 6750 ``WWW-Authenticate``).
* :class:`TokenSettings` — ``JWT_*`` environment variables; keys are generated at start when unset.

Day 21 builds refresh tokens on top, Day 23 revokes tokens by their ``jti``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.errors import Unauthorized

#: RFC 7518 §3.2: an HS256 key must be at least as long as the hash output (256 bits)
MIN_HMAC_SECRET_BYTES = 32
#: the realm named in ``WWW-Authenticate`` challenges
REALM = "backend-nexus"
#: the claims every access token must carry (RFC 7519 §4.1, plus RFC 9068's ``client_id``)
REQUIRED_CLAIMS = ("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id")

# A compact JWS is three base64url segments; the signature may be empty only so that an
# ``alg=none`` token reaches the algorithm check and is refused *for that reason*.
_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")


class InvalidToken(Unauthorized):
    """A token was presented and refused: 401, ``reason`` says which check failed.

    The ``WWW-Authenticate`` header follows RFC 6750 §3. Its description is one fixed
    sentence per reason — never text taken from the token, which an attacker writes.
    """

    type = "/problems/invalid-token"
    title = "Invalid token"

    def __init__(self, reason: str, detail: str) -> None:
        challenge = f'Bearer realm="{REALM}", error="invalid_token", error_description="{detail}"'
        super().__init__(detail, headers={"WWW-Authenticate": challenge}, reason=reason)
        self.reason = reason


class MissingToken(Unauthorized):
    """No credentials at all: 401 with a bare challenge (RFC 6750 §3.1: no error code)."""

    type = "/problems/missing-token"
    title = "Authentication required"

    def __init__(self, detail: str = "send a Bearer token or the access-token cookie") -> None:
        super().__init__(
            detail, headers={"WWW-Authenticate": f'Bearer realm="{REALM}"'}, reason="missing"
        )


@dataclass(frozen=True)
class SigningKey:
    """One key and the one algorithm it may be used with.

    ``signing_key`` and ``verification_key`` are kept out of ``repr`` so that printing a key,
    logging it, or an error message that includes it never leaks the secret.
    """

    kid: str
    algorithm: str
    signing_key: Any = field(repr=False)
    verification_key: Any = field(repr=False)
    #: where the key came from: "generated" (at start) or the environment variable
    source: str = "generated"

    @property
    def symmetric(self) -> bool:
        """HS* keys verify with the same secret that signs: never publish them."""
        return self.algorithm.startswith("HS")

    @classmethod
    def hs256(
        cls, secret: bytes | None = None, *, kid: str = "hs256-1", source: str = "generated"
    ) -> SigningKey:
        secret = secrets.token_bytes(MIN_HMAC_SECRET_BYTES) if secret is None else secret
        if len(secret) < MIN_HMAC_SECRET_BYTES:
            # Fail at start, not at the first login: a short secret can be brute-forced offline
            # from any one token, and then anyone can mint tokens.
            raise ValueError(f"an HS256 secret needs at least {MIN_HMAC_SECRET_BYTES} bytes")
        return cls(kid, "HS256", secret, secret, source)

    @classmethod
    def ed25519(
        cls, private_pem: bytes | None = None, *, kid: str = "ed25519-1", source: str = "generated"
    ) -> SigningKey:
        if private_pem is None:
            private = Ed25519PrivateKey.generate()
        else:
            loaded = serialization.load_pem_private_key(private_pem, password=None)
            if not isinstance(loaded, Ed25519PrivateKey):
                raise ValueError("the private key is not an Ed25519 key")
            private = loaded
        # JOSE calls Ed25519 signatures "EdDSA" (RFC 8037); RFC 9864 adds the fully-specified
        # name "Ed25519", which PyJWT does not use yet.
        return cls(kid, "EdDSA", private, private.public_key(), source)

    def public_jwk(self) -> dict[str, Any] | None:
        """The public half as a JWK (RFC 7517), or None for a secret key."""
        if self.symmetric:
            return None
        algorithm = jwt.get_algorithm_by_name(self.algorithm)
        jwk = algorithm.to_jwk(self.verification_key, as_dict=True)
        return {**jwk, "kid": self.kid, "alg": self.algorithm, "use": "sig"}


class KeyRing:
    """Our keys by ``kid``; the first key of an algorithm signs for it."""

    def __init__(self, keys: Iterable[SigningKey]) -> None:
        self._keys: dict[str, SigningKey] = {}
        for key in keys:
            if key.kid in self._keys:
                raise ValueError(f"two keys share the kid {key.kid!r}")
            self._keys[key.kid] = key
        if not self._keys:
            raise ValueError("a key ring needs at least one key")

    def get(self, kid: object) -> SigningKey | None:
        return self._keys.get(kid) if isinstance(kid, str) else None

    def signer(self, algorithm: str | None = None) -> SigningKey:
        """The key that signs new tokens with ``algorithm`` (default: the first key)."""
        for key in self._keys.values():
            if algorithm is None or key.algorithm == algorithm:
                return key
        raise ValueError(f"no key for {algorithm!r}")

    def jwks(self) -> dict[str, list[dict[str, Any]]]:
        """The public keys as a JWK Set: what other services fetch to verify our tokens."""
        return {"keys": [jwk for key in self._keys.values() if (jwk := key.public_jwk())]}

    def describe(self) -> str:
        """For logs and banners: kids, algorithms, origins — never key material."""
        return ", ".join(f"{k.kid} ({k.algorithm}, {k.source})" for k in self._keys.values())

    def __iter__(self) -> Iterator[SigningKey]:
        return iter(self._keys.values())

    def __repr__(self) -> str:
        return f"KeyRing({self.describe()})"


@dataclass(frozen=True)
class TokenPolicy:
    """What a valid access token looks like here; the same object issues and verifies."""

    issuer: str = "backend-nexus-auth"
    audience: str = "backend-nexus-api"
    lifetime_s: int = 900
    #: explicit typing (RFC 8725 §3.11, RFC 9068 §2.1): a JWT of another kind signed by the
    #: same key (an ID token, a refresh token) is not accepted as an access token
    typ: str = "at+jwt"
    client_id: str = "backend-nexus-web"
    #: clock skew tolerated between the issuer's clock and ours, for exp, nbf and iat
    leeway_s: int = 10
    #: the longest token read at all; browsers cap a cookie near 4096 bytes anyway
    max_chars: int = 4096
    required: tuple[str, ...] = REQUIRED_CLAIMS


@dataclass(frozen=True)
class Issued:
    token: str
    header: dict[str, Any]
    claims: dict[str, Any]

    @property
    def expires_in(self) -> int:
        return int(self.claims["exp"]) - int(self.claims["iat"])


@dataclass(frozen=True)
class Verified:
    header: dict[str, Any]
    claims: dict[str, Any]
    key: SigningKey

    @property
    def subject(self) -> str:
        return self.claims["sub"]


def issue(
    ring: KeyRing,
    policy: TokenPolicy,
    subject: str,
    *,
    algorithm: str | None = None,
    claims: Mapping[str, Any] | None = None,
    now: float | None = None,
) -> Issued:
    """A fresh access token for ``subject``, signed by the ring's key for ``algorithm``."""
    iat = int(time.time() if now is None else now)
    body: dict[str, Any] = {
        "iss": policy.issuer,
        "sub": subject,
        "aud": policy.audience,
        "iat": iat,
        "nbf": iat,
        "exp": iat + policy.lifetime_s,
        # A unique id per token: Day 23 revokes a token by it, logs can name it safely.
        "jti": uuid.uuid4().hex,
        "client_id": policy.client_id,
        **(claims or {}),
    }
    key = ring.signer(algorithm)
    token = sign(ring, body, kid=key.kid, typ=policy.typ)
    return Issued(token, {"alg": key.algorithm, "typ": policy.typ, "kid": key.kid}, body)


def sign(
    ring: KeyRing, claims: Mapping[str, Any], *, kid: str | None = None, typ: str = "at+jwt"
) -> str:
    """Sign exactly ``claims`` with one of our keys (no claim added or checked)."""
    key = ring.get(kid) if kid is not None else ring.signer()
    if key is None:
        raise ValueError(f"no key {kid!r} in the ring")
    headers = {"kid": key.kid, "typ": typ}
    return jwt.encode(dict(claims), key.signing_key, algorithm=key.algorithm, headers=headers)


def verify(token: str, ring: KeyRing, policy: TokenPolicy) -> Verified:
    """Check everything about ``token`` or raise :class:`InvalidToken`. Order matters:

    1. size and shape, before any decoding work;
    2. the key, looked up by ``kid`` among *our* keys (no kid, or one we lack: refused);
    3. the algorithm: must be that key's one algorithm — the token's ``alg`` is compared,
       never obeyed;
    4. the type (``at+jwt``) and no ``crit`` extensions we do not understand;
    5. the signature, then every claim: exp, nbf, iat, iss, aud, sub, jti, all required.
    """
    if len(token) > policy.max_chars:
        raise InvalidToken("too-long", f"the token is longer than {policy.max_chars} characters")
    header = unverified_header(token)
    key = ring.get(header.get("kid"))
    if key is None:
        raise InvalidToken("unknown-key", "the token names no key (kid) of this server")
    if header.get("alg") != key.algorithm:
        raise InvalidToken("alg-not-allowed", f"key {key.kid} verifies {key.algorithm} tokens only")
    typ = header.get("typ")
    if not isinstance(typ, str) or typ.lower().removeprefix("application/") != policy.typ:
        raise InvalidToken("wrong-type", f"this is not an access token (typ must be {policy.typ})")
    if "crit" in header:
        # RFC 7515 §4.1.11: a critical extension we do not implement means we must refuse.
        raise InvalidToken("malformed", "the token uses a critical header extension")
    try:
        claims = jwt.decode(
            token,
            key.verification_key,
            algorithms=[key.algorithm],
            audience=policy.audience,
            issuer=policy.issuer,
            leeway=policy.leeway_s,
            options={"require": list(policy.required), "verify_sub": True, "verify_jti": True},
        )
    except jwt.PyJWTError as exc:
        raise _refusal(exc) from None
    return Verified(header, claims, key)


def unverified_header(token: str) -> dict[str, Any]:
    """The header of a well-shaped compact JWS, *not* verified: only used to find the key."""
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidToken("malformed", "a JWT has three dot-separated parts")
    head, payload, signature = parts
    if not (_SEGMENT.fullmatch(head) and _SEGMENT.fullmatch(payload)) or (
        signature and not _SEGMENT.fullmatch(signature)
    ):
        raise InvalidToken("malformed", "each part of a JWT is base64url text")
    try:
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (binascii.Error, ValueError, RecursionError):
        raise InvalidToken("malformed", "the header is not base64url-encoded JSON") from None
    if not isinstance(header, dict):
        raise InvalidToken("malformed", "the header is not a JSON object")
    return header


def bearer_token(authorization: str) -> str:
    """The token in ``Authorization: Bearer <token>`` (RFC 6750 §2.1), or InvalidToken."""
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise InvalidToken("malformed", "the Authorization header must be 'Bearer <token>'")
    return token


# PyJWT's exceptions, most specific first (InvalidSignatureError is a DecodeError).
_REASONS: tuple[tuple[type[Exception], str, str], ...] = (
    (jwt.InvalidSignatureError, "bad-signature", "the signature does not match the token"),
    (jwt.ExpiredSignatureError, "expired", "the token has expired"),
    (jwt.ImmatureSignatureError, "not-yet-valid", "the token is not valid yet"),
    (jwt.InvalidAudienceError, "wrong-audience", "the token is meant for another audience"),
    (jwt.InvalidIssuerError, "wrong-issuer", "the token comes from an issuer we do not trust"),
    (jwt.InvalidAlgorithmError, "alg-not-allowed", "the token's algorithm is not allowed"),
    (jwt.DecodeError, "malformed", "the token cannot be decoded"),
)


def _refusal(exc: jwt.PyJWTError) -> InvalidToken:
    if isinstance(exc, jwt.MissingRequiredClaimError):
        # exc.claim is one of *our* required names, not text from the token.
        return InvalidToken("missing-claim", f"the token has no {exc.claim} claim")
    for kind, reason, detail in _REASONS:
        if isinstance(exc, kind):
            return InvalidToken(reason, detail)
    return InvalidToken("invalid-claims", "a claim in the token has the wrong type")


class TokenSettings(BaseSettings):
    """``JWT_*`` environment variables (or ``.env``). Unset keys are generated at start.

    Generated keys make every restart log everyone out — fine for a lesson, and the safe
    default: no secret ships in the code. Set ``JWT_HS256_SECRET`` (32+ bytes, e.g.
    ``python -c "import secrets; print(secrets.token_urlsafe(32))"``) and
    ``JWT_ED25519_PRIVATE_KEY`` (a PKCS#8 PEM) to keep tokens valid across restarts.
    """

    model_config = SettingsConfigDict(env_prefix="JWT_", env_file=".env", extra="ignore")

    issuer: str = Field(default="backend-nexus-auth", min_length=1, max_length=200)
    audience: str = Field(default="backend-nexus-api", min_length=1, max_length=200)
    access_ttl_s: int = Field(default=900, gt=0, le=86_400)
    leeway_s: int = Field(default=10, ge=0, le=300)
    hs256_secret: SecretStr | None = None
    ed25519_private_key: SecretStr | None = None

    def policy(self) -> TokenPolicy:
        return TokenPolicy(
            issuer=self.issuer,
            audience=self.audience,
            lifetime_s=self.access_ttl_s,
            leeway_s=self.leeway_s,
        )

    def key_ring(self) -> KeyRing:
        """The Ed25519 key first (it signs by default), then the HS256 key."""
        pem = self.ed25519_private_key
        secret = self.hs256_secret
        return KeyRing(
            [
                SigningKey.ed25519(
                    pem.get_secret_value().encode(), source="JWT_ED25519_PRIVATE_KEY"
                )
                if pem
                else SigningKey.ed25519(),
                SigningKey.hs256(secret.get_secret_value().encode(), source="JWT_HS256_SECRET")
                if secret
                else SigningKey.hs256(),
            ]
        )
