"""The lesson's knobs, from ``DAY18_*`` environment variables (or ``.env``).

The hash cost defaults to the OWASP minimums and cannot be set lower: a start with
``DAY18_ARGON2_MEMORY_KIB=1024`` fails with a validation error naming the floor. To go higher,
run ``python -m day18_passwords demo calibrate`` and copy the lines it prints. Tests inject a
cheaper :class:`shared.security.PasswordHasher` directly (``TEST_COST``), never through here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.security import OWASP_FLOOR, HashCost

FLOOR = OWASP_FLOOR


class PasswordSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DAY18_", env_file=".env", extra="ignore")

    argon2_memory_kib: int = Field(default=FLOOR.argon2_memory_kib, ge=FLOOR.argon2_memory_kib)
    argon2_time_cost: int = Field(default=FLOOR.argon2_time_cost, ge=FLOOR.argon2_time_cost)
    argon2_parallelism: int = Field(default=FLOOR.argon2_parallelism, ge=1, le=16)
    bcrypt_rounds: int = Field(default=FLOOR.bcrypt_rounds, ge=FLOOR.bcrypt_rounds, le=31)
    #: the scheme new hashes use; the other one only verifies (and upgrades) old hashes
    scheme: Literal["argon2", "bcrypt"] = "argon2"
    #: hashes computed at once; None: min(4, CPUs). Memory bound: workers × argon2_memory_kib
    hash_workers: int | None = Field(default=None, ge=1, le=64)
    #: NIST SP 800-63B: at least 8 (15 when the password is the only factor, in revision 4)
    min_password_length: int = Field(default=8, ge=8, le=64)

    def cost(self) -> HashCost:
        return HashCost(
            self.argon2_memory_kib,
            self.argon2_time_cost,
            self.argon2_parallelism,
            self.bcrypt_rounds,
        )
