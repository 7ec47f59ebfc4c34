"""Introduced on Day 05: one settings object for the whole course, read from the environment.

Every knob a lesson has comes from here (environment variables, or a ``.env`` file in the
folder you run from), so there is one way to configure anything. Day 22 teaches it in depth:
secrets are ``SecretStr`` (never printed), and outside development a missing or default
secret stops start-up instead of running insecurely.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    #: "production" hides error details from responses (Day 09) and refuses default secrets (Day 22)
    environment: Literal["development", "test", "production"] = "development"
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

    @property
    def production(self) -> bool:
        return self.environment == "production"


@lru_cache
def get_settings() -> Settings:
    """The settings, read once per process. Tests call ``get_settings.cache_clear()``."""
    return Settings()
