"""The model carries behaviour: methods (one user), statics (the collection), virtuals (computed)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from day22_methods_env.schemas import SignupForm
from day22_methods_env.tests.helpers import ADA, PASSWORD
from day22_methods_env.user import COLLECTION, EmailTaken, InvalidCredentials, User
from shared.security import PasswordHasher


async def saved_ada(db: Any, hasher: PasswordHasher, **changes: str) -> User:
    user = await User.from_signup(SignupForm.model_validate({**ADA, **changes}), hasher)
    return await user.save(db)


async def test_instance_methods_check_rename_save_and_show(
    mongo_db: Any, hasher: PasswordHasher
) -> None:
    user = await User.from_signup(SignupForm.model_validate(ADA), hasher)
    assert user.id is None  # built, not stored: statics build, save() stores
    assert await mongo_db[COLLECTION].count_documents({}) == 0

    await user.save(mongo_db)
    assert user.id is not None
    assert await user.check_password(PASSWORD, hasher)
    assert not await user.check_password(PASSWORD.upper(), hasher)

    first_update = user.updated_at
    user.rename(last_name="King")
    assert (await mongo_db[COLLECTION].find_one({"_id": user.id}))["last_name"] == "Lovelace"
    await user.save(mongo_db)  # changes reach the database only through save()
    stored = await mongo_db[COLLECTION].find_one({"_id": user.id})
    assert stored["last_name"] == "King" and stored["first_name"] == "Ada"
    assert stored["updated_at"] >= first_update
    assert await mongo_db[COLLECTION].count_documents({}) == 1  # an update, not a second user

    public = user.to_public().model_dump()
    assert "password_hash" not in public
    assert public["id"] == str(user.id) and public["full_name"] == "Ada King"


async def test_the_password_is_stored_only_as_a_hash(mongo_db: Any, hasher: PasswordHasher) -> None:
    user = await saved_ada(mongo_db, hasher)
    stored = await mongo_db[COLLECTION].find_one({"_id": user.id})
    assert stored["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in str(stored)
    assert "password_hash" not in repr(user)  # Field(repr=False): not in logs or tracebacks


async def test_statics_find_authenticate_and_normalise(
    mongo_db: Any, hasher: PasswordHasher
) -> None:
    # A @staticmethod needs no instance and no class state: a rule that belongs to the model.
    assert User.normalize_email("  Ada@Example.ORG ") == "ada@example.org"

    ada = await saved_ada(mongo_db, hasher)
    found = await User.find_by_email(mongo_db, " ADA@example.org")
    assert found is not None and found.id == ada.id and isinstance(found, User)
    assert await User.find_by_email(mongo_db, "grace@example.org") is None

    assert (await User.authenticate(mongo_db, "ada@example.org", PASSWORD, hasher)).id == ada.id
    with pytest.raises(InvalidCredentials):
        await User.authenticate(mongo_db, "ada@example.org", "not her password", hasher)
    with pytest.raises(InvalidCredentials):
        await User.authenticate(mongo_db, "nobody@example.org", PASSWORD, hasher)


async def test_statics_work_on_subclasses_too(mongo_db: Any, hasher: PasswordHasher) -> None:
    """`cls`, not `User`: a classmethod builds instances of whichever class it was called on."""

    class Admin(User):
        pass

    await saved_ada(mongo_db, hasher)
    found = await Admin.find_by_email(mongo_db, "ada@example.org")
    assert type(found) is Admin


async def test_the_virtual_is_computed_shown_and_never_stored(
    mongo_db: Any, hasher: PasswordHasher
) -> None:
    user = await saved_ada(mongo_db, hasher)
    assert user.full_name == "Ada Lovelace"
    assert user.model_dump()["full_name"] == "Ada Lovelace"  # computed fields are dumped...
    assert "full_name" not in user.to_document()  # ...so to_document leaves them out
    stored = await mongo_db[COLLECTION].find_one({"_id": user.id})
    assert "full_name" not in stored

    user.rename(first_name="Augusta Ada")
    assert user.full_name == "Augusta Ada Lovelace"  # always derived, never stale

    # A stored field the schema does not know (here: a virtual someone saved) is an error.
    with pytest.raises(ValidationError):
        User.from_document({**stored, "full_name": "Ada Lovelace"})


async def test_assignment_is_validated_like_a_schema_on_save(
    mongo_db: Any, hasher: PasswordHasher
) -> None:
    user = await saved_ada(mongo_db, hasher)
    with pytest.raises(ValidationError):
        user.rename(first_name="   ")
    with pytest.raises(ValidationError):
        user.email = "not an address"
    assert user.first_name == "Ada" and user.email == "ada@example.org"  # nothing half-set


async def test_save_turns_a_duplicate_address_into_a_conflict(
    mongo_db: Any, hasher: PasswordHasher
) -> None:
    await User.ensure_indexes(mongo_db)
    await saved_ada(mongo_db, hasher)
    with pytest.raises(EmailTaken):
        await saved_ada(mongo_db, hasher, email="ADA@example.org ", first_name="Other")
    assert await mongo_db[COLLECTION].count_documents({}) == 1


def test_an_unsaved_user_has_no_public_form() -> None:
    user = User(email="ada@example.org", first_name="Ada", last_name="L", password_hash="x")
    with pytest.raises(ValueError, match="save"):
        user.to_public()
