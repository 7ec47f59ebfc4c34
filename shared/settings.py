"""Introduced on Day 05: one settings object for the whole course, read from the environment.

Every knob a lesson has comes from here (environment variables, or a ``.env`` file in the
folder you run from), so there is one way to configure anything. When a value is given in
several places the first of these wins: arguments to ``Settings(...)``, environment
variables, the ``.env`` file, the default written below.

Day 22 teaches it in depth:

* secrets are ``SecretStr``: ``repr``, ``str`` and JSON show ``**********``, and a validation
  error never repeats what was typed (``hide_input_in_errors``);
* ``ENVIRONMENT`` (development, test, production) picks a :class:`Profile`, which gives the
  defaults that differ between environments (log level, API docs, the cookie ``Secure`` flag);
  a variable you set yourself still wins;
* :meth:`Settings.require_secrets`: outside development a missing, placeholder or short secret
  stops start-up with :class:`ConfigurationError`, naming the variable, never its value.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

Environment = Literal["development", "test", "production"]

#: what SECRET_KEY is when nobody set it: fine on a laptop, refused anywhere else
PLACEHOLDER_SECRET = "change-me"
#: values people paste from tutorials; anyone who has read one can sign with them
KNOWN_PLACEHOLDERS = frozenset(
    {PLACEHOLDER_SECRET, "changeme", "change_me", "secret", "password", "your-secret-key"}
)
#: 32 characters of a random token are 190+ bits: beyond guessing (RFC 7518 §3.2 asks 256 bits
#: of key for HS256; ``secrets.token_urlsafe(32)`` gives 43 characters)
MIN_SECRET_CHARS = 32


@dataclass(frozen=True)
class Profile:
    """What ``ENVIRONMENT`` changes. The first three are defaults a variable may override."""

    log_level: str
    #: ``/docs``, ``/redoc`` and ``/openapi.json`` served (a map of the API for attackers too)
    api_docs: bool
    #: cookies carry ``Secure``: the browser sends them over HTTPS only
    cookie_secure: bool
    #: development-only views are mounted (Day 22's ``/config``)
    dev_views: bool
    #: a missing or placeholder secret stops start-up. Not a variable on purpose: a safety
    #: check that one line of configuration can switch off protects nobody
    require_secrets: bool


PROFILES: dict[str, Profile] = {
    "development": Profile(
        log_level="info", api_docs=True, cookie_secure=False, dev_views=True, require_secrets=False
    ),
    # Quiet logs; secrets required, so a test suite proves the app starts with real ones.
    "test": Profile(
        log_level="warning",
        api_docs=True,
        cookie_secure=False,
        dev_views=False,
        require_secrets=True,
    ),
    "production": Profile(
        log_level="info", api_docs=False, cookie_secure=True, dev_views=False, require_secrets=True
    ),
}


#: the fields whose default is the profile's: a variable (or an argument) still overrides them
PROFILE_DEFAULTS = ("log_level", "api_docs", "cookie_secure")


class ConfigurationError(RuntimeError):
    """The settings are unsafe for this environment: start-up refused (the message says why)."""


class Settings(BaseSettings):
    # hide_input_in_errors: a bad value in a validation error is left out, since it may be
    # a secret (MONGODB_URL=... with a password in it, a key pasted into the wrong variable).
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", hide_input_in_errors=True)

    #: "production" hides error details from responses (Day 09) and refuses default secrets (Day 22)
    environment: Environment = "development"
    #: unset: the environment's level (``info``; ``warning`` under ``test``)
    log_level: str = "info"
    #: the largest request body any lesson accepts, in bytes (bigger bodies get 413)
    max_body_bytes: int = Field(default=1_000_000, gt=0)
    #: where lessons keep files (embedded databases on disk, storage-engine files)
    data_dir: Path = PROJECT_ROOT / "data"

    # Backends: a real server when its URL is set, the embedded default otherwise (Day 11+).
    mongodb_url: SecretStr | None = None
    mongodb_embedded_path: Path | None = None  # None: the embedded server keeps data in memory
    redis_url: SecretStr | None = None
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_timeout_s: float = Field(default=30.0, gt=0)
    llm_max_retries: int = Field(default=2, ge=0)

    # Day 22: per-environment defaults (see PROFILES) and the application's signing secret.
    #: unset: on, except in production (lessons that read it: Day 22 on)
    api_docs: bool = True
    #: unset: on in production only; a browser drops a Secure cookie set over plain http
    cookie_secure: bool = False
    #: signs what the app hands out (session cookies); no constraints here on purpose: a
    #: failed constraint would be reported with the value — require_secrets() checks it instead
    secret_key: SecretStr = SecretStr(PLACEHOLDER_SECRET)

    @model_validator(mode="before")
    @classmethod
    def _environment_defaults(cls, data: Any) -> Any:
        """Where nothing more specific was given, take the value ``ENVIRONMENT``'s profile has.

        The defaults written above are development's; this swaps in test's or production's.
        ``data`` is what the sources found (arguments, variables, ``.env``), so anything set
        there is left alone: the profile only fills the gaps.
        """
        if not isinstance(data, dict):
            return data
        profile = PROFILES.get(str(data.get("environment", "development")))
        if profile is None:  # an unknown ENVIRONMENT: its own validation error says so
            return data
        return {**{name: getattr(profile, name) for name in PROFILE_DEFAULTS}, **data}

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def profile(self) -> Profile:
        return PROFILES[self.environment]

    def secret_problems(self, *names: str) -> list[str]:
        """What is wrong with the secrets ``names`` (field names), one phrase each, values never."""
        problems = []
        for name in names or ("secret_key",):
            var = self.env_name(name)
            secret = getattr(self, name)
            value = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
            if name not in self.model_fields_set or value is None:
                problems.append(f"{var} is not set")
            elif not value.strip():
                problems.append(f"{var} is empty")
            elif value.strip().lower() in KNOWN_PLACEHOLDERS:
                problems.append(f"{var} is a published placeholder")
            elif len(value) < MIN_SECRET_CHARS:
                problems.append(f"{var} is shorter than {MIN_SECRET_CHARS} characters")
        return problems

    def require_secrets(self, *names: str) -> list[str]:
        """Refuse to start with weak secrets, except in development; return what was tolerated.

        Raises :class:`ConfigurationError` naming each variable. In development the problems
        come back, for the app to log as a warning, so a fresh checkout still starts.
        """
        problems = self.secret_problems(*names)
        if problems and self.profile.require_secrets:
            raise ConfigurationError(
                f"refusing to start with ENVIRONMENT={self.environment}: {'; '.join(problems)} "
                f"(generate one: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        return problems

    def env_name(self, field: str) -> str:
        """The environment variable that sets ``field``: ``secret_key`` -> ``SECRET_KEY``."""
        return f"{self.model_config.get('env_prefix', '')}{field}".upper()


@lru_cache
def get_settings() -> Settings:
    """The settings, read once per process. Tests call ``get_settings.cache_clear()``."""
    return Settings()
