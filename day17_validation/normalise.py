"""Normalising input: one spelling per meaning, and characters that have no business in text refused.

Two strings can look the same and compare different: ``"eve"`` and ``"ｅｖｅ"`` (full-width),
``"Ada@Example.org"`` and ``"ada@example.org"``, ``"é"`` as one code point or as ``e`` plus a
combining accent. If the application stores them as typed, one person can hold two accounts
that look identical — or an attacker can register ``ｅｖｅ`` next to the real ``eve``.

So a value is brought to one canonical spelling *before* it is checked or compared:

* whitespace around it is trimmed (nobody means a leading space in a name);
* identifiers are NFKC-normalised and case-folded (Unicode UAX #15 and "NFKC_Casefold"):
  compatibility characters (full-width letters, ligatures like ``ﬁ``, the Kelvin sign ``K``)
  become their plain forms, and case stops mattering;
* free text is NFC-normalised: canonical only, so the writer's characters survive;
* control characters (NUL, ESC, DEL…), lone surrogates and bidi overrides are refused, never
  silently removed: they are either an attack or a broken client, and both deserve a 422.

Each function raises ``ValueError`` with a message that does not echo the input (the shared
422 handler shows it to the client, and the input may be a password).
"""

from __future__ import annotations

import re
import unicodedata

#: categories never allowed: Cc control characters (NUL, ESC, DEL…), Cs lone surrogates (JSON's
#: "\ud800" decodes to one, and no UTF-8 encoder — BSON's included — can write it; Pydantic's
#: str already refuses them, this keeps the function complete for text checked elsewhere)
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs"})
#: bidi embeddings, overrides and isolates: they reorder how text *displays*, so "exe.txt" can
#: show as "txt.exe" (CVE-2021-42574, "Trojan Source"). The marks LRM/RLM stay allowed.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def refuse_control_characters(text: str, *, allow: str = "") -> str:
    """``text`` unchanged, or ValueError if it holds a control character not in ``allow``."""
    for char in text:
        if char in allow:
            continue
        if unicodedata.category(char) in _REFUSED_CATEGORIES or char in _BIDI_CONTROLS:
            # The code point, not the character: printing it would do what we refuse.
            raise ValueError(f"control character U+{ord(char):04X} is not allowed")
    return text


def identifier_key(raw: str) -> str:
    """The one spelling of an identifier: trimmed, NFKC, case-folded (NFKC again after folding).

    >>> identifier_key("  ＥＶＥ ")
    'eve'

    Folding after NFKC can produce characters that are not NFKC any more, so the
    normalisation runs again — the order Unicode's NFKC_Casefold is defined by.
    """
    text = unicodedata.normalize("NFKC", raw.strip())
    return unicodedata.normalize("NFKC", text.casefold())


def text_nfc(raw: str, *, multiline: bool = False) -> str:
    """Free text: trimmed, NFC (canonical composition only), control characters refused.

    ``multiline`` keeps line breaks and tabs (``\\r\\n`` and ``\\r`` become ``\\n`` first, so
    one comment is stored one way whichever system typed it).
    """
    if multiline:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", raw.strip())
    return refuse_control_characters(text, allow="\n\t" if multiline else "")


# RFC 5322 "dot-atom" characters for the local part; the domain as LDH labels (RFC 1035),
# internationalised domains in their ASCII (xn--) form. Far from every valid address — and
# that is fine: the only real proof of an address is a confirmation mail that arrives.
_LOCAL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_DOMAIN = re.compile(r"([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?")


def fold_email(raw: str) -> str:
    """An e-mail address trimmed and lower-cased — the whole address, local part included.

    The domain is case-insensitive by definition (RFC 1035 §2.3.3). The local part, strictly,
    is not: RFC 5321 §2.4 lets a mail server treat ``Ada`` and ``ada`` as two mailboxes. None
    of the big providers do, and an account system that kept both spellings apart would give
    one person two accounts (and an impostor a look-alike one). So we fold it, knowingly.
    ``lower()``, not ``casefold()``: casefold turns ``ß`` into ``ss``, another address.
    We do not strip dots or ``+tags`` either: that is one provider's rule, not the standard's.
    """
    text = refuse_control_characters(raw.strip()).lower()
    local, at, domain = text.rpartition("@")
    if not at or not _LOCAL.fullmatch(local) or len(local) > 64:
        raise ValueError("not an e-mail address (expected name@example.org)")
    if not _DOMAIN.fullmatch(domain) or len(domain) > 253:
        raise ValueError("not an e-mail address: the domain is not a valid host name")
    return text
