"""Who may sign: the clients' shared secrets and the webhook sender's public key.

Everything comes from the environment (``DAY19_…`` variables or ``.env``), like every secret in
the course. The defaults are development keys, printed in this file for anyone to read — so a
production start refuses them (``refuse_development_keys``).

* ``DAY19_CLIENT_SECRETS='{"shop-web": "…", "shop-mobile": "…"}'`` — one HMAC secret per
  client, looked up by the key id the client sends. Each client has its own, so one leaked
  secret can be revoked without touching the others, and the key id tells who sent what.
* ``DAY19_WEBHOOK_PUBLIC_KEY=whpk_…`` — the payment provider's Ed25519 *public* key. The
  receiver never holds the private half (``whsk_…``): it can check webhooks, not forge them.
* ``DAY19_WINDOW_S=300`` — how far (seconds) a signed timestamp may be from the server's clock.
"""

from __future__ import annotations

import base64

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_CLIENT_SECRETS = {
    "shop-web": "dev-only-shop-web-secret-do-not-deploy",
    "shop-mobile": "dev-only-shop-mobile-secret-do-not-deploy",
}
# The provider's key pair for local play. In real life the secret half never leaves the
# provider; it is here so the demo and the tests can act as the provider.
DEVELOPMENT_WEBHOOK_SECRET_KEY = "whsk_OERO7popFXklfjmGD6Qs94uBc/Eyo1vOQK7BCNeYWbw="
DEVELOPMENT_WEBHOOK_PUBLIC_KEY = "whpk_M7SlHeoPomNTQPyWmu1dAcdyZORM1D3cFdc3JH00oXY="


class SignatureSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DAY19_", env_file=".env", extra="ignore")

    client_secrets: dict[str, SecretStr] = Field(
        default_factory=lambda: {k: SecretStr(v) for k, v in DEVELOPMENT_CLIENT_SECRETS.items()}
    )
    webhook_public_key: str = DEVELOPMENT_WEBHOOK_PUBLIC_KEY
    window_s: int = Field(default=300, ge=1, le=3600)

    def secrets_by_key_id(self) -> dict[str, bytes]:
        return {k: v.get_secret_value().encode() for k, v in self.client_secrets.items()}

    def uses_development_keys(self) -> bool:
        dev = set(DEVELOPMENT_CLIENT_SECRETS.values())
        return self.webhook_public_key == DEVELOPMENT_WEBHOOK_PUBLIC_KEY or any(
            s.get_secret_value() in dev for s in self.client_secrets.values()
        )


def refuse_development_keys(settings: SignatureSettings, *, production: bool) -> None:
    """A key anyone can read in this file authenticates nobody: never run one in production."""
    if production and settings.uses_development_keys():
        raise RuntimeError(
            "day19: development signing keys in production; "
            "set DAY19_CLIENT_SECRETS and DAY19_WEBHOOK_PUBLIC_KEY"
        )


def decode_key(text: str, prefix: str) -> bytes:
    """``whpk_<base64>`` → 32 raw key bytes (the Standard Webhooks way of writing keys)."""
    if not text.startswith(prefix):
        raise ValueError(f"expected a key starting with {prefix!r}")
    raw = base64.b64decode(text.removeprefix(prefix), validate=True)
    if len(raw) != 32:
        raise ValueError("an Ed25519 key is 32 bytes")
    return raw


def encode_key(raw: bytes, prefix: str) -> str:
    return prefix + base64.b64encode(raw).decode()
