"""The User model: data *and* behaviour — Mongoose's methods, statics and virtuals in Pydantic.

    const userSchema = new Schema({email: …, firstName: …});    class User(BaseModel):
                                                                    email: Email
    userSchema.virtual("fullName").get(function () {…})             @computed_field full_name
    userSchema.methods.checkPassword = async function (pw) {…}     async def check_password(self, …)
    userSchema.statics.findByEmail = function (email) {…}          @classmethod find_by_email(cls, …)

A *method* (``methods``) answers for one user, so it takes ``self``; a *static* (``statics``)
answers for the collection — find one, build one, authenticate — so it takes ``cls`` and
returns instances. A ``@staticmethod`` needs neither: a plain rule (``normalize_email``) that
lives on the class because it belongs to the model. A *virtual* is computed from fields,
sent to clients and never stored.

The database and the password hasher are arguments, not globals: a test hands in its own.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

from bson import ObjectId
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, computed_field
from pydantic_core import PydanticCustomError
from pymongo.errors import DuplicateKeyError

from shared.errors import Conflict, NotFound, Unauthorized

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase

    from day22_methods_env.schemas import SignupForm
    from shared.security import PasswordHasher

COLLECTION = "users"
_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")


def _email(value: str) -> str:
    value = User.normalize_email(value)
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        # Never repeat the value: the message goes back to whoever typed it, and to logs.
        raise PydanticCustomError("email", "must be an e-mail address of at most 254 characters")
    return _utf8(value)


def _name(value: str) -> str:
    value = value.strip()
    if not 1 <= len(value) <= 60 or not value.isprintable():
        raise PydanticCustomError("name", "must be 1 to 60 printable characters")
    return _utf8(value)


def _utf8(value: str) -> str:
    # JSON may carry a lone surrogate ("\ud800"); BSON (UTF-8) cannot store one, and the
    # driver would fail on it as a 500. Refused here, it is a 422.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError("utf8", "must be valid Unicode text") from None
    return value


Email = Annotated[str, Field(max_length=1000), AfterValidator(_email)]
Name = Annotated[str, Field(max_length=1000), AfterValidator(_name)]


def now_ms() -> datetime:
    """Now in UTC, cut to the millisecond a BSON date keeps (so a re-read compares equal)."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class InvalidCredentials(Unauthorized):
    type = "/problems/invalid-credentials"
    title = "Invalid credentials"

    def __init__(self) -> None:
        # One answer for "no such user" and "wrong password" (Day 18).
        super().__init__("the e-mail address or the password is wrong")


class EmailTaken(Conflict):
    type = "/problems/email-taken"
    title = "E-mail address taken"


class PublicUser(BaseModel):
    """What a client may see of a user: no password hash, the virtual included."""

    id: str
    email: str
    first_name: str
    last_name: str
    full_name: str
    created_at: datetime
    updated_at: datetime


class User(BaseModel):
    # validate_assignment: `user.first_name = ""` raises, like a Mongoose validator on save;
    # extra="forbid": a stored field the schema does not know is an error, not silently dropped.
    model_config = ConfigDict(
        validate_assignment=True, extra="forbid", arbitrary_types_allowed=True
    )

    id: ObjectId | None = None  # None until the first save(); `_id` in MongoDB
    email: Email
    first_name: Name
    last_name: Name
    password_hash: str = Field(repr=False)  # a hash, but still not for logs or tracebacks
    created_at: datetime = Field(default_factory=now_ms)
    updated_at: datetime = Field(default_factory=now_ms)

    # --- virtuals (computed from fields; in answers, never in the database) -----------------

    @computed_field
    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    # --- statics: questions about the collection, answered with instances -------------------

    @staticmethod
    def normalize_email(email: str) -> str:
        """``" Ada@Example.ORG "`` -> ``"ada@example.org"``: one address, one account."""
        return email.strip().lower()

    @classmethod
    async def from_signup(cls, form: SignupForm, hasher: PasswordHasher) -> Self:
        """A new, unsaved user from a sign-up form: the password goes in only as its hash."""
        return cls(
            email=form.email,
            first_name=form.first_name,
            last_name=form.last_name,
            password_hash=await hasher.hash(form.password.get_secret_value()),
        )

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Self:
        """A stored document back into a model, validated on the way in."""
        fields = {k: v for k, v in document.items() if k != "_id"}
        return cls.model_validate({**fields, "id": document["_id"]})

    @classmethod
    async def get(cls, db: AsyncDatabase, user_id: ObjectId) -> Self:
        document = await db[COLLECTION].find_one({"_id": user_id})
        if document is None:
            raise NotFound(f"no user with id {user_id}")
        return cls.from_document(document)

    @classmethod
    async def find_by_email(cls, db: AsyncDatabase, email: str) -> Self | None:
        # The address is normalised the way it was stored, so "ADA@example.org" finds ada.
        # It is a str (the forms are strict), so this is an equality match, never an operator.
        document = await db[COLLECTION].find_one({"email": cls.normalize_email(email)})
        return None if document is None else cls.from_document(document)

    @classmethod
    async def authenticate(
        cls, db: AsyncDatabase, email: str, password: str, hasher: PasswordHasher
    ) -> Self:
        """The user whose password this is, or :class:`InvalidCredentials` — a static built
        from a static (``find_by_email``) and a method (``check_password``)."""
        user = await cls.find_by_email(db, email)
        if user is None:
            await hasher.verify(password, None)  # a dummy check: the same work as a real one
            raise InvalidCredentials
        if not await user.check_password(password, hasher):
            raise InvalidCredentials
        return user

    @classmethod
    async def ensure_indexes(cls, db: AsyncDatabase) -> None:
        # The unique index, not a find-before-insert, is what keeps one account per address.
        await db[COLLECTION].create_index("email", unique=True)

    # --- methods: behaviour of one user --------------------------------------------------------

    async def check_password(self, password: str, hasher: PasswordHasher) -> bool:
        return (await hasher.verify(password, self.password_hash)).ok

    def rename(self, *, first_name: str | None = None, last_name: str | None = None) -> None:
        """Change the names given (each one validated as it is assigned); save() stores them."""
        if first_name is not None:
            self.first_name = first_name
        if last_name is not None:
            self.last_name = last_name

    async def save(self, db: AsyncDatabase) -> Self:
        """Insert a new user or store the changes of a loaded one, with ``updated_at`` bumped."""
        self.updated_at = now_ms()
        document = self.to_document()
        users = db[COLLECTION]
        try:
            if self.id is None:
                self.id = (await users.insert_one(document)).inserted_id
            elif (await users.replace_one({"_id": self.id}, document)).matched_count == 0:
                raise NotFound(f"no user with id {self.id}")
        except DuplicateKeyError:
            raise EmailTaken(f"an account with the address {self.email} exists") from None
        return self

    def to_document(self) -> dict[str, Any]:
        """The stored form: no virtuals (computed fields), no ``id`` (it is ``_id``)."""
        return self.model_dump(exclude={"id", *type(self).model_computed_fields})

    def to_public(self) -> PublicUser:
        """Mongoose's ``toJSON`` transform: what leaves the server, without the hash."""
        if self.id is None:
            raise ValueError("save() the user first: an unsaved user has no id to show")
        return PublicUser.model_validate(
            {**self.model_dump(exclude={"password_hash"}), "id": str(self.id)}
        )
