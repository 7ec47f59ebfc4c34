"""What clients send. Strict and closed: unknown fields are refused, so a sign-up cannot set
``password_hash``, ``id`` or ``created_at`` (mass assignment), and every string is bounded."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, SecretStr, model_validator
from pydantic_core import PydanticCustomError

from day22_methods_env.user import Email, Name

MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # a bound on hashing work per request


def _password(minimum: int) -> AfterValidator:
    def check(value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        # A constraint on the SecretStr itself (min_length=…) would be checked fine, but its
        # error carries the input; a message of our own says the rule and nothing else.
        if not minimum <= len(secret) <= MAX_PASSWORD:
            raise PydanticCustomError(
                "password_length", f"must be {minimum} to {MAX_PASSWORD} characters"
            )
        try:
            secret.encode("utf-8")
        except UnicodeEncodeError:
            raise PydanticCustomError("utf8", "must be valid Unicode text") from None
        return value

    return AfterValidator(check)


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, hide_input_in_errors=True)


class SignupForm(_Form):
    email: Email
    # SecretStr from the moment it is parsed: a stray log line or repr shows **********
    password: Annotated[SecretStr, _password(MIN_PASSWORD)]
    first_name: Name
    last_name: Name


class LoginForm(_Form):
    email: Email
    # No minimum here: an account made under older rules must still be able to log in.
    password: Annotated[SecretStr, _password(1)]


class ProfileUpdate(_Form):
    """PATCH /me: the names only. The address and the password are not changed this way."""

    first_name: Name | None = None
    last_name: Name | None = None

    @model_validator(mode="after")
    def _something_to_change(self) -> Self:
        if self.first_name is None and self.last_name is None:
            raise PydanticCustomError("empty_update", "give first_name, last_name or both")
        return self

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)
