"""What a password must be, after NIST SP 800-63B: long enough, not known, nothing else.

* at least ``min_length`` characters (8 by default; Unicode code points after NFKC, so "é" is
  one character however it was typed), and passphrases welcome up to ``MAX_PASSWORD_CHARS``;
* no composition rules ("one digit, one symbol"): they push people to ``Password1!``;
* not in a list of breached passwords, and not the username itself;
* no control characters: nobody types them, and a NUL ends the password in C bcrypt code;
* when new hashes are bcrypt, at most 72 UTF-8 bytes — refused by name, never truncated.

The upper bound is a denial-of-service guard rather than a rule about passwords: it is enforced
by the request schema (``schemas.py``) so an over-long password never reaches a hash function.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from day18_passwords.breached import BREACHED
from shared.errors import DomainError
from shared.security import normalize

#: the longest password accepted anywhere (characters): room for any passphrase, not for a DoS
MAX_PASSWORD_CHARS = 1024


class WeakPassword(DomainError):
    """The password breaks the policy: 422, with every reason listed (never the password)."""

    status = 422
    type = "/problems/weak-password"
    title = "Password not accepted"


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 8
    #: 72 when new hashes are bcrypt (see ``shared.security.BCRYPT_MAX_BYTES``), else None
    max_bytes: int | None = None

    def problems(self, password: str, username: str = "") -> list[str]:
        """Every rule ``password`` breaks, in words a user can act on; [] if none."""
        secret = normalize(password)
        found: list[str] = []
        if len(secret) < self.min_length:
            found.append(f"use at least {self.min_length} characters (a passphrase works well)")
        if len(secret) > MAX_PASSWORD_CHARS:
            found.append(f"use at most {MAX_PASSWORD_CHARS} characters")
        if any(unicodedata.category(ch) == "Cc" for ch in secret):
            found.append("control characters (such as NUL or a newline) are not allowed")
        if self.max_bytes is not None and len(secret.encode()) > self.max_bytes:
            found.append(f"use at most {self.max_bytes} bytes in UTF-8 (a bcrypt limit)")
        if secret.casefold() in breached():
            found.append("this password appears in lists of breached passwords; choose another")
        if username and secret.casefold() == username.casefold():
            found.append("the password must not be the username")
        return found

    def check(self, password: str, username: str = "") -> None:
        if found := self.problems(password, username):
            raise WeakPassword("the password does not meet the policy", reasons=found)


@cache
def breached() -> frozenset[str]:
    return frozenset(normalize(word).casefold() for word in BREACHED)
