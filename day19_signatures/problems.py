"""Every way a signature check refuses a request, each one a problem+json answer.

The status codes are a decision, written down once here:

* **401** — the request is not proven authentic: headers missing, unknown key, wrong
  signature, timestamp outside the window, nonce (or webhook id) already used. Retrying the
  *same* request can never succeed; signing it properly can.
* **400** — a signature header is present but cannot even be parsed (a timestamp that is not a
  number, a signature that is not 64 hex digits). That is a bug in the client's code, not a
  question of trust, and saying so helps whoever debugs it while revealing nothing secret.

An unknown key id and a wrong signature give the *same* answer on purpose: a different one
would let anybody probe which key ids exist.
"""

from __future__ import annotations

from shared.errors import DomainError, Unauthorized


class SignatureRefused(Unauthorized):
    """401 with a ``WWW-Authenticate`` challenge, which RFC 9110 §15.5.2 requires on a 401."""

    def __init__(self, detail: str, *, scheme: str, **extra: object) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": f'{scheme} realm="day19"'}, **extra)


class MissingSignature(SignatureRefused):
    type = "/problems/signature-missing"
    title = "Signature missing"


class InvalidSignature(SignatureRefused):
    type = "/problems/signature-invalid"
    title = "Signature invalid"


class OutsideWindow(SignatureRefused):
    """The timestamp is too old or too far in the future; ``server_time`` helps fix clock skew."""

    type = "/problems/timestamp-outside-window"
    title = "Timestamp outside the window"


class Replayed(SignatureRefused):
    type = "/problems/replayed"
    title = "Request already seen"


class MalformedSignature(DomainError):
    status = 400
    type = "/problems/signature-malformed"
    title = "Signature header malformed"
