"""An HTTP/1.1 request is text lines up to a blank line, then exactly Content-Length bytes.

RFC 9112 §2.1, the whole message format::

    HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]
    request-line = method SP request-target SP HTTP-version          (§3)
    field-line   = field-name ":" OWS field-value OWS                 (§5)

Everything here is strict on purpose: where two programs could read the same bytes two ways
(a space before the colon, a header folded over two lines, Content-Length next to
Transfer-Encoding) an attacker can smuggle a second request past a proxy, so we answer 400.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from day04_http_server.messages import HTTPError, Request

# tchar from RFC 9110 §5.6.2: the characters a method or a field name may use.
_TOKEN = rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
# region: grammar
# method SP request-target SP HTTP-version; the target is visible ASCII, no spaces (RFC 9112 §3).
REQUEST_LINE = re.compile(rb"(" + _TOKEN + rb") ([\x21-\x7e]+) HTTP/([0-9])\.([0-9])")
# field-name ":" OWS field-value OWS; a value is HTAB, SP, VCHAR and obs-text: no CR, LF or NUL.
FIELD_LINE = re.compile(rb"(" + _TOKEN + rb"):([\t\x20-\x7e\x80-\xff]*)")
# endregion
# Fields that must appear once: two different answers to "which host?" or "how long?" is an attack.
SINGLETONS = frozenset({"host", "content-length"})


def parse_head(head: bytes, max_headers: int = 100) -> Request:
    """Parse the bytes before the blank line into a ``Request`` (its body is read later)."""
    lines = head.split(b"\r\n")
    match = REQUEST_LINE.fullmatch(lines[0])
    if match is None:
        raise HTTPError(400, "malformed request line; expected 'METHOD /path HTTP/1.1'")
    method, target, major, minor = match.groups()
    if major != b"1":
        raise HTTPError(505, "only HTTP/1.x is spoken here")
    if len(lines) - 1 > max_headers:
        raise HTTPError(431, f"more than {max_headers} header fields")

    headers: dict[str, str] = {}
    for line in lines[1:]:
        field = FIELD_LINE.fullmatch(line)
        if field is None:
            # A line starting with whitespace is obsolete line folding (RFC 9112 §5.2): refuse it.
            raise HTTPError(400, "malformed header field line")
        name = field[1].decode("ascii").lower()
        value = field[2].strip(b" \t").decode("latin-1")  # latin-1 keeps obs-text bytes as-is
        if name in headers:
            if name in SINGLETONS:
                raise HTTPError(400, f"more than one {name} header")
            headers[name] += ", " + value  # RFC 9110 §5.3: repeated fields combine with commas
        else:
            headers[name] = value

    version = "1.0" if minor == b"0" else "1.1"  # a later 1.x is answered as 1.1 (RFC 9110 §2.5)
    if version == "1.1" and "host" not in headers:
        raise HTTPError(400, "HTTP/1.1 requires a Host header")  # RFC 9112 §3.2: MUST answer 400
    path, query = split_target(method, target.decode("ascii"))
    return Request(method.decode("ascii"), path, query, headers, b"", version)


def split_target(method: bytes, target: str) -> tuple[str, str]:
    """The request-target's path (percent-decoded) and raw query (RFC 9112 §3.2)."""
    if target[0] == "/":  # origin-form, what nearly every client sends: /hello?name=Ada
        path, _, query = target.partition("?")
        return unquote(path), query
    if target.startswith(("http://", "https://")):  # absolute-form, sent to proxies
        parts = urlsplit(target)
        return unquote(parts.path or "/"), parts.query
    if target == "*" and method == b"OPTIONS":  # asterisk-form: the server as a whole
        return "*", ""
    raise HTTPError(400, "request-target must be a path like /hello")


def body_length(request: Request, max_body: int) -> int:
    """How many body bytes follow the head: the framing rules of RFC 9112 §6.3, strictly."""
    if "transfer-encoding" in request.headers:
        if "content-length" in request.headers:
            # Both present is the classic request-smuggling setup (RFC 9112 §6.1): refuse.
            raise HTTPError(400, "Transfer-Encoding together with Content-Length")
        if request.headers["transfer-encoding"].lower().endswith("chunked"):
            raise HTTPError(411, "chunked request bodies are not accepted; send Content-Length")
        raise HTTPError(501, "unsupported Transfer-Encoding")
    value = request.headers.get("content-length")
    if value is None:
        return 0
    if not (value.isascii() and value.isdigit()):
        raise HTTPError(400, "Content-Length must be a non-negative integer")
    # Check the digit count first, so a 10 000-digit "number" is never converted.
    if len(value) > 18 or int(value) > max_body:
        raise HTTPError(413, f"request body larger than {max_body} bytes")
    return int(value)


def wants_keep_alive(request: Request) -> bool:
    """HTTP/1.1 connections persist unless someone says close; 1.0 ones only if asked (§9.3)."""
    connection = request.headers.get("connection")
    if connection is None:
        return request.version == "1.1"
    options = {option.strip() for option in connection.lower().split(",")}
    if "close" in options:
        return False
    return request.version == "1.1" or "keep-alive" in options
