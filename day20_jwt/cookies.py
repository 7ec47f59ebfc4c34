"""How the token travels: an HttpOnly cookie for browsers, a Bearer header for everyone else.

**The cookie** — ``__Host-access_token`` with:

* ``HttpOnly``: JavaScript cannot read it, so an XSS bug cannot steal the token (it can still
  *use* the session while the page is open, but not carry the token away);
* ``Secure``: only sent over HTTPS (browsers treat ``http://localhost`` as secure, so it works
  in development);
* ``SameSite=Strict``: never sent on a request another site starts — not even when a link
  elsewhere is followed. This cookie only authenticates API calls our own pages make, so
  Strict costs nothing; a cookie for server-rendered pages would choose Lax, so that a link in
  an e-mail still opens the page logged in;
* ``Path=/``, no ``Domain``, and the ``__Host-`` prefix: the browser accepts the cookie only
  with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant its own (RFC 6265bis);
* ``Max-Age`` equal to the token's lifetime: the cookie does not outlive what it carries.

**The header wins.** ``Authorization: Bearer`` is something a client adds on purpose; a cookie
is attached by the browser to every request. If a request carries a header, the cookie is not
looked at — not even when the header's token is bad: falling back would let one request speak
for two identities and hide a broken client.

**CSRF.** Because the browser attaches the cookie by itself, a page on another origin could
make the browser send a request that *carries it*. SameSite stops other *sites*, but not
another origin of the same site (``evil.example.com`` is same-site to ``api.example.com``), and
older browsers ignore it. So an unsafe request (POST, PUT, PATCH, DELETE) authenticated by the
cookie must also carry ``X-Requested-With``: a custom header cannot be added to a cross-origin
request without a CORS preflight, which this API never grants. Requests authenticated by the
header need no such guard — no browser adds that header on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fastapi import Response
from starlette.requests import Request

from shared.errors import Forbidden
from shared.tokens import MissingToken, bearer_token

COOKIE_NAME = "__Host-access_token"
CSRF_HEADER = "X-Requested-With"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfRefused(Forbidden):
    """A cookie-authenticated unsafe request without the anti-CSRF header: 403."""

    type = "/problems/csrf"
    title = "Cross-site request refused"


@dataclass(frozen=True)
class Credential:
    token: str
    source: Literal["header", "cookie"]


def set_token_cookie(response: Response, token: str, lifetime_s: int) -> None:
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=lifetime_s,
        path="/",
        secure=True,
        httponly=True,
        samesite="strict",
    )


def clear_token_cookie(response: Response) -> None:
    # A cookie is replaced only by one with the same name, path and domain: repeat them.
    response.delete_cookie(COOKIE_NAME, path="/", secure=True, httponly=True, samesite="strict")


def credential(request: Request) -> Credential:
    """The token this request presents: the Authorization header if any, else the cookie."""
    authorization = request.headers.get("authorization")
    if authorization is not None:
        return Credential(bearer_token(authorization), "header")
    cookie = request.cookies.get(COOKIE_NAME)
    if cookie:
        return Credential(cookie, "cookie")
    raise MissingToken()


def check_csrf(request: Request, source: str) -> None:
    """Unsafe + cookie-authenticated ⇒ the custom header must be there."""
    if source == "cookie" and request.method not in SAFE_METHODS:
        if not request.headers.get(CSRF_HEADER):
            raise CsrfRefused(
                f"a request authenticated by the cookie that changes state must send "
                f"{CSRF_HEADER} (or use the Authorization header)"
            )
