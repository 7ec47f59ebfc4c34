"""Day 18 app: sign up and log in over MongoDB, with passwords stored as Argon2id hashes.

* ``POST /signup``          — check the policy, hash (off the event loop), insert; 409 if taken
* ``POST /login``           — verify (a dummy hash for unknown users), upgrade an outdated hash
* ``GET /password-policy``  — the rules, so a sign-up form can show them before anyone types
* ``GET /admin/hashes``     — development only: each user's scheme and parameters, never the hash
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, FastAPI, Request

from day18_passwords import LESSON, sample_data
from day18_passwords.config import PasswordSettings
from day18_passwords.phc import parse
from day18_passwords.policy import MAX_PASSWORD_CHARS, PasswordPolicy
from day18_passwords.schemas import Credentials, LoggedIn, PolicyOut, SignedUp, StoredHash
from day18_passwords.users import COLLECTION, authenticate, create_user, ensure_indexes
from shared.errors import problem_responses
from shared.mongo import Db, mongo_lifespan
from shared.security import PasswordHasher
from shared.service import create_service
from shared.settings import get_settings

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase

log = logging.getLogger("course.day18")
DB_NAME = "day18_passwords"


def get_hasher(request: Request) -> PasswordHasher:
    return request.app.state.hasher


def get_policy(request: Request) -> PasswordPolicy:
    return request.app.state.policy


Hasher = Annotated[PasswordHasher, Depends(get_hasher)]
Policy = Annotated[PasswordPolicy, Depends(get_policy)]
router = APIRouter(tags=["accounts"])


@router.post(
    "/signup", status_code=201, response_model=SignedUp, responses=problem_responses(409, 413, 422)
)
async def signup(body: Credentials, db: Db, hasher: Hasher, policy: Policy) -> SignedUp:
    """Create an account. The password is checked against the policy, then hashed; 422 lists why not."""
    username = body.username.lower()
    password = body.password.get_secret_value()
    policy.check(password, username)  # before hashing: a refused password costs nothing
    user = await create_user(db, hasher, username, password)
    return SignedUp(username=username, created_at=user["created_at"])


@router.post("/login", response_model=LoggedIn, responses=problem_responses(401, 413, 422))
async def login(body: Credentials, db: Db, hasher: Hasher) -> LoggedIn:
    """Check a password. Unknown user and wrong password get the very same 401."""
    # No policy here: an account made under older rules must still be able to log in.
    user = await authenticate(db, hasher, body.username.lower(), body.password.get_secret_value())
    return LoggedIn(username=user["username"])


@router.get("/password-policy", response_model=PolicyOut)
async def password_policy(policy: Policy) -> PolicyOut:
    rules = [
        f"at least {policy.min_length} characters; spaces and any Unicode welcome",
        "no required mix of digits, symbols or cases",
        "not a commonly breached password, not the username",
    ]
    return PolicyOut(
        min_length=policy.min_length,
        max_length=MAX_PASSWORD_CHARS,
        max_bytes=policy.max_bytes,
        rules=rules,
    )


admin = APIRouter(prefix="/admin", tags=["development only"])


@admin.get("/hashes", response_model=list[StoredHash])
async def stored_hashes(db: Db, hasher: Hasher) -> list[StoredHash]:
    """Each user's hash scheme and parameters (the first 100 users). Not mounted in production."""
    rows = []
    async for user in db[COLLECTION].find({}, {"username": 1, "password_hash": 1}).limit(100):
        stored = user.get("password_hash", "")
        try:
            info = parse(stored)
            row = StoredHash(
                username=user["username"],
                scheme=info.scheme,
                params=info.params,
                outdated=hasher.context.needs_update(stored),
            )
        except ValueError:  # a format this lesson cannot read: nobody can log in with it
            row = StoredHash(username=user["username"], scheme="unknown", params={}, outdated=True)
        rows.append(row)
    return rows


def create_app(
    db: AsyncDatabase | None = None,
    *,
    hasher: PasswordHasher | None = None,
    settings: PasswordSettings | None = None,
    db_name: str = DB_NAME,
    seed: bool | None = None,
) -> FastAPI:
    """The lesson's app. ``db``: use this database (tests) instead of opening ``db_name``.

    ``hasher``: use this one (tests pass a cheap ``TEST_COST`` one); otherwise one is built at
    start from ``settings`` (``DAY18_*``), at the OWASP minimum cost unless configured higher.
    ``seed`` adds the two legacy users; by default only when the app opens its own database.
    """
    settings = settings or PasswordSettings()  # read now: a bad DAY18_* value fails at start

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if db is None:
                await stack.enter_async_context(mongo_lifespan(db_name)(app))
            else:
                app.state.db = db
            await ensure_indexes(app.state.db)
            if seed if seed is not None else db is None:
                await sample_data.seed(app.state.db)
            own = hasher or PasswordHasher(
                settings.cost(), scheme=settings.scheme, workers=settings.hash_workers
            )
            if hasher is None:
                stack.callback(own.close)
            app.state.hasher = own
            # bcrypt as the scheme for new hashes brings its 72-byte limit into the policy.
            app.state.policy = PasswordPolicy(settings.min_password_length, own.max_bytes)
            log.info(
                "password hashing: new hashes %s; cost %s; %d hash worker(s)",
                own.scheme,
                own.cost.describe(),
                own.workers,
            )
            yield

    app = create_service(LESSON, lifespan=lifespan)
    app.include_router(router)
    if not get_settings().production:
        app.include_router(admin)
    return app
