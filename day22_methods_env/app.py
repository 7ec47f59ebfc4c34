"""Day 22 app: accounts whose logic lives on the model, configured from the environment.

* ``POST /signup``  — ``User.from_signup(form)``, ``user.save(db)``, a signed session cookie
* ``POST /login``   — ``User.authenticate(...)`` (a static using ``user.check_password``)
* ``GET /me``       — ``user.to_public()``: no hash, the ``full_name`` virtual included
* ``PATCH /me``     — ``user.rename(...)``, then ``user.save(db)``
* ``GET /config``   — development only: every setting, its source, secrets masked

The routes stay thin because the model carries the behaviour. ``create_app`` reads the
settings first and, outside development, refuses to build an app with a weak ``SECRET_KEY``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING, Annotated, Any

from bson import ObjectId
from fastapi import APIRouter, Depends, FastAPI, Request, Response

from day22_methods_env import LESSON
from day22_methods_env.config import LessonSettings
from day22_methods_env.effective_config import ConfigView, effective_config
from day22_methods_env.schemas import LoginForm, ProfileUpdate, SignupForm
from day22_methods_env.sessions import set_session_cookie, sign, verify
from day22_methods_env.user import PublicUser, User
from shared.errors import NotFound, Unauthorized, problem_responses
from shared.mongo import Db, mongo_lifespan
from shared.security import PasswordHasher
from shared.service import create_service
from shared.settings import Settings, get_settings

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase

log = logging.getLogger("course.day22")
DB_NAME = "day22_methods_env"


class NotSignedIn(Unauthorized):
    type = "/problems/not-signed-in"
    title = "Not signed in"

    def __init__(self) -> None:
        # One answer for no cookie, a forged or expired one, and a deleted user.
        super().__init__("sign up or log in first: no valid session cookie")


def get_hasher(request: Request) -> PasswordHasher:
    return request.app.state.hasher


Hasher = Annotated[PasswordHasher, Depends(get_hasher)]


async def current_user(request: Request, db: Db) -> User:
    settings: Settings = request.app.state.settings
    policy = request.app.state.lesson_settings.session
    token = request.cookies.get(policy.cookie_name)
    user_id = verify(token, settings.secret_key) if token else None
    if user_id is None or not ObjectId.is_valid(user_id):
        raise NotSignedIn
    try:
        return await User.get(db, ObjectId(user_id))
    except NotFound:
        raise NotSignedIn from None


CurrentUser = Annotated[User, Depends(current_user)]


def start_session(request: Request, response: Response, user: User) -> None:
    settings: Settings = request.app.state.settings
    policy = request.app.state.lesson_settings.session
    token = sign(str(user.id), settings.secret_key, policy.max_age_s)
    set_session_cookie(response, token, policy, secure=settings.cookie_secure)


router = APIRouter(tags=["accounts"])


@router.post(
    "/signup", status_code=201, response_model=PublicUser, responses=problem_responses(409, 413)
)
async def signup(
    form: SignupForm, db: Db, hasher: Hasher, request: Request, response: Response
) -> PublicUser:
    """Create an account and sign in. The password is stored only as an Argon2id hash."""
    user = await User.from_signup(form, hasher)
    await user.save(db)
    start_session(request, response, user)
    log.info("signed up user %s", user.id)  # the id: the address is personal data
    return user.to_public()


@router.post("/login", response_model=PublicUser, responses=problem_responses(401, 413))
async def login(
    form: LoginForm, db: Db, hasher: Hasher, request: Request, response: Response
) -> PublicUser:
    user = await User.authenticate(db, form.email, form.password.get_secret_value(), hasher)
    start_session(request, response, user)
    return user.to_public()


@router.get("/me", response_model=PublicUser, responses=problem_responses(401))
async def me(user: CurrentUser) -> PublicUser:
    return user.to_public()


@router.patch("/me", response_model=PublicUser, responses=problem_responses(401, 413))
async def update_me(changes: ProfileUpdate, user: CurrentUser, db: Db) -> PublicUser:
    user.rename(**changes.changes())
    await user.save(db)
    return user.to_public()


dev_views = APIRouter(tags=["development only"])


@dev_views.get("/config", response_model=ConfigView)
async def config(request: Request) -> ConfigView:
    """Every setting with the source that won; secrets masked. Not mounted outside development."""
    return effective_config(request.app.state.settings, request.app.state.lesson_settings)


def create_app(
    db: AsyncDatabase | None = None,
    *,
    hasher: PasswordHasher | None = None,
    settings: Settings | None = None,
    lesson_settings: LessonSettings | None = None,
    db_name: str = DB_NAME,
) -> FastAPI:
    """The lesson's app. ``db``/``hasher``: use these (tests) instead of opening/building them.

    Raises :class:`shared.settings.ConfigurationError` when the settings are unsafe for the
    environment — before a port is opened or a database touched: fail fast, fail loudly.
    """
    settings = settings or get_settings()
    tolerated = settings.require_secrets("secret_key")
    lesson_settings = lesson_settings or LessonSettings()  # a bad DAY22_* value fails here too
    profile = settings.profile

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if db is None:
                await stack.enter_async_context(mongo_lifespan(db_name)(app))
            else:
                app.state.db = db
            await User.ensure_indexes(app.state.db)
            if hasher is None:
                app.state.hasher = PasswordHasher()  # the OWASP minimum cost (Day 18)
                stack.callback(app.state.hasher.close)
            else:
                app.state.hasher = hasher
            log.info(
                "ENVIRONMENT=%s: log level %s, API docs %s, cookies %s, /config %s",
                settings.environment,
                settings.log_level,
                "on" if settings.api_docs else "off",
                "Secure" if settings.cookie_secure else "without Secure",
                "mounted" if profile.dev_views else "not mounted",
            )
            for problem in tolerated:  # names the variable, never the value
                log.warning(
                    "%s: accepted in development only; ENVIRONMENT=production refuses it", problem
                )
            yield

    # Without docs the OpenAPI document goes too: it is the same map of the API.
    docs: dict[str, Any] = (
        {} if settings.api_docs else {"docs_url": None, "redoc_url": None, "openapi_url": None}
    )
    app = create_service(LESSON, lifespan=lifespan, **docs)
    app.state.settings = settings
    app.state.lesson_settings = lesson_settings
    app.include_router(router)
    if profile.dev_views:
        app.include_router(dev_views)
    return app
