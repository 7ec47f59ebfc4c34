"""The lesson's own settings: ``DAY22_*`` variables, one of them nested.

    DAY22_SESSION__MAX_AGE_S=600        ->  LessonSettings().session.max_age_s == 600
    DAY22_SESSION__SAME_SITE=strict     ->  LessonSettings().session.same_site == "strict"

``env_prefix`` keeps a lesson's knobs apart from the course's (``LOG_LEVEL`` is everyone's,
``DAY22_…`` only this lesson's); ``env_nested_delimiter`` maps ``__`` to a dot, so a group of
related values is one typed object instead of five loose names. The course-wide values —
``ENVIRONMENT``, ``SECRET_KEY``, ``COOKIE_SECURE`` — stay in ``shared.settings``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SessionPolicy(BaseModel):
    """How the session cookie is handed out (its ``Secure`` flag comes from the environment)."""

    model_config = ConfigDict(frozen=True)

    cookie_name: str = Field(default="day22_session", pattern=r"^[A-Za-z0-9_-]{1,40}$")
    #: a session outlives no more than this, even if the cookie is copied
    max_age_s: int = Field(default=3600, ge=60, le=30 * 86_400)
    #: "lax": sent on top-level navigation from other sites, not on their forms or fetches
    same_site: Literal["lax", "strict"] = "lax"


class LessonSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="DAY22_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
        hide_input_in_errors=True,
    )

    session: SessionPolicy = SessionPolicy()
