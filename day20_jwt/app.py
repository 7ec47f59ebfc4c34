"""Day 20 app: log in, get a signed token (as a cookie and in the body), use it on ``/me``.

Routes, in the order a client meets them:

* ``POST /auth/login``        — check the password, issue an access token (EdDSA or HS256)
* ``GET  /me``                — protected: the token is verified completely on every request
* ``POST /me/notes``          — protected and state-changing: the CSRF guard applies to cookies
* ``POST /auth/logout``       — clear the cookie (the token itself lives on until ``exp``)
* ``POST /tokens/inspect``    — decode a token by hand, explicitly *not* verified
* ``GET  /.well-known/jwks.json`` — our public key, for anyone who needs to verify our tokens
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Request, Response, Security
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from day20_jwt import LESSON
from day20_jwt.anatomy import MAX_TOKEN_CHARS, WARNING, MalformedToken, inspect
from day20_jwt.cookies import (
    COOKIE_NAME,
    CSRF_HEADER,
    check_csrf,
    clear_token_cookie,
    credential,
    set_token_cookie,
)
from shared.demo_users import User, authenticate, demo_users
from shared.errors import Conflict, DomainError, Unauthorized, problem_responses
from shared.service import create_service
from shared.tokens import InvalidToken, KeyRing, TokenPolicy, TokenSettings, Verified, issue, verify

log = logging.getLogger("course.day20")
router = APIRouter()

#: the largest number of notes one user may keep (memory is not infinite)
MAX_NOTES = 50

# Declared for the OpenAPI (the "Authorize" button in /docs); `authenticated` reads the
# request itself so that it can apply the header-wins rule.
BEARER = HTTPBearer(auto_error=False, description="Authorization: Bearer <access token>")
COOKIE = APIKeyCookie(name=COOKIE_NAME, auto_error=False, description="set by POST /auth/login")


class NotAJwt(DomainError):
    status = 422
    type = "/problems/not-a-jwt"
    title = "Not a JWT"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=64)
    # SecretStr: the password never shows up in a repr, a log line or an error.
    password: SecretStr = Field(min_length=1, max_length=256)
    #: which of the server's keys signs the token. This picks a key *we* hold at issue time;
    #: at verification the token's own `alg` is never trusted to pick anything.
    alg: Literal["EdDSA", "HS256"] = "EdDSA"


class TokenOut(BaseModel):
    """RFC 6749 §5.1's shape: what a client puts in ``Authorization: Bearer``."""

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int


class TokenInfo(BaseModel):
    source: Literal["header", "cookie"]
    kid: str
    alg: str
    typ: str
    jti: str
    issued_at: int
    expires_at: int


class MeOut(BaseModel):
    username: str
    name: str
    notes: list[str]
    token: TokenInfo


class NoteIn(Strict):
    text: str = Field(min_length=1, max_length=280)


class NotesOut(BaseModel):
    notes: list[str]


class InspectIn(Strict):
    token: str = Field(min_length=1, max_length=MAX_TOKEN_CHARS)


class SignatureOut(BaseModel):
    length: int
    base64url: str


class InspectOut(BaseModel):
    verified: Literal[False] = False
    warning: str
    header: dict[str, Any]
    payload: dict[str, Any]
    signature: SignatureOut
    signing_input: str
    times: dict[str, str]


class Jwks(BaseModel):
    keys: list[dict[str, Any]]


@dataclass(frozen=True)
class Session:
    user: User
    token: Verified
    source: Literal["header", "cookie"]


def keys_of(request: Request) -> KeyRing:
    return request.app.state.keys


def policy_of(request: Request) -> TokenPolicy:
    return request.app.state.policy


def notes_of(request: Request, user: User) -> list[str]:
    """This user's notes: kept beside the (shared, frozen) demo user, not inside it."""
    return request.app.state.notes[user.username]


async def authenticated(
    request: Request,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)],
    _cookie: Annotated[str | None, Security(COOKIE)],
) -> Session:
    """Every protected request: find the credential, verify it fully, guard cookies from CSRF."""
    presented = credential(request)
    verified = verify(presented.token, keys_of(request), policy_of(request))
    user = request.app.state.users.get(verified.subject)
    if user is None:
        raise InvalidToken("unknown-subject", "the token's subject is not a user here")
    check_csrf(request, presented.source)
    return Session(user, verified, presented.source)


Authenticated = Annotated[Session, Depends(authenticated)]


@router.post(
    "/auth/login",
    response_model=TokenOut,
    tags=["auth"],
    responses=problem_responses(401, 413, 422),
)
async def login(body: LoginIn, request: Request, response: Response) -> TokenOut:
    """Check the password; answer the token in the body **and** as an HttpOnly cookie."""
    user = authenticate(request.app.state.users, body.username, body.password.get_secret_value())
    if user is None:
        # One message for "no such user" and "wrong password": no user enumeration.
        raise Unauthorized("wrong username or password")
    policy = policy_of(request)
    issued = issue(keys_of(request), policy, user.username, algorithm=body.alg)
    request.app.state.issued.append(
        {"jti": issued.claims["jti"], "sub": user.username, "kid": issued.header["kid"]}
    )
    # The jti names the token in logs; the token itself is a credential and is never logged.
    log.info("issued token %s to %s (%s)", issued.claims["jti"], user.username, body.alg)
    set_token_cookie(response, issued.token, policy.lifetime_s)
    return TokenOut(access_token=issued.token, expires_in=issued.expires_in)


@router.post("/auth/logout", status_code=204, tags=["auth"])
async def logout(response: Response) -> None:
    """Forget the cookie. The token stays valid until it expires: Day 23 revokes it."""
    clear_token_cookie(response)


@router.get("/me", response_model=MeOut, tags=["me"], responses=problem_responses(401))
async def me(session: Authenticated, request: Request) -> MeOut:
    """Who the verified token says you are, and how the token arrived."""
    header, claims = session.token.header, session.token.claims
    return MeOut(
        username=session.user.username,
        name=session.user.name,
        notes=list(notes_of(request, session.user)),
        token=TokenInfo(
            source=session.source,
            kid=header["kid"],
            alg=header["alg"],
            typ=header["typ"],
            jti=claims["jti"],
            issued_at=claims["iat"],
            expires_at=claims["exp"],
        ),
    )


@router.post(
    "/me/notes",
    status_code=201,
    response_model=NotesOut,
    tags=["me"],
    responses=problem_responses(401, 403, 409, 413, 422),
    description=f"State-changing: with the cookie, send `{CSRF_HEADER}` too.",
)
async def add_note(body: NoteIn, session: Authenticated, request: Request) -> NotesOut:
    notes = notes_of(request, session.user)
    if len(notes) >= MAX_NOTES:
        raise Conflict(f"at most {MAX_NOTES} notes per user")
    notes.append(body.text)
    return NotesOut(notes=list(notes))


@router.post(
    "/tokens/inspect",
    response_model=InspectOut,
    tags=["tokens"],
    responses=problem_responses(413, 422),
)
async def inspect_token(body: InspectIn) -> InspectOut:
    """Decode a token's three parts by hand. Nothing is verified: see ``warning``."""
    try:
        anatomy = inspect(body.token)
    except MalformedToken as exc:
        raise NotAJwt(str(exc)) from None
    return InspectOut(
        warning=WARNING,
        header=anatomy.header,
        payload=anatomy.payload,
        signature=SignatureOut(length=len(anatomy.signature), base64url=anatomy.parts["signature"]),
        signing_input=anatomy.signing_input,
        times=anatomy.times,
    )


@router.get("/.well-known/jwks.json", response_model=Jwks, tags=["tokens"])
async def jwks(request: Request) -> dict[str, Any]:
    """Our public keys (RFC 7517). The HS256 secret is, of course, not here."""
    return keys_of(request).jwks()


def create_app(settings: TokenSettings | None = None) -> FastAPI:
    settings = settings or TokenSettings()
    app = create_service(LESSON)
    # Keys are made (or loaded) once per app, at start; only their ids are ever logged.
    app.state.keys = settings.key_ring()
    app.state.policy = settings.policy()
    app.state.users = demo_users()
    # Per app, so one test's notes never leak into another's.
    app.state.notes = {username: [] for username in app.state.users}
    app.state.issued = []
    log.info("signing keys: %s", app.state.keys.describe())
    app.include_router(router)
    return app
