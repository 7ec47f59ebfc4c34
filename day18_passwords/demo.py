"""``python -m day18_passwords demo``: what a password hash is, shown in five short steps.

    python -m day18_passwords demo             # the narrated tour (in-process, about a second)
    python -m day18_passwords demo calibrate   # pick the hash cost for this machine

1. encryption is reversible (whoever has the key has every password); a hash is not;
2. two hashes of one password differ: the salt, stored inside the PHC string;
3. verifying is hashing again with the stored salt and parameters — shown by hand;
4. why slow: SHA-256 vs Argon2id, in guesses per second;
5. bcrypt's 72 bytes, and an old hash upgraded on login.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence

from day18_passwords import calibrate
from day18_passwords.phc import parse
from shared.security import BCRYPT_MAX_BYTES, PasswordHasher

PASSWORD = "correct horse battery staple"


def reversible(password: str) -> tuple[str, str]:
    """Encrypt and decrypt with Fernet (AES + HMAC): the key brings the password back."""
    from cryptography.fernet import Fernet  # noqa: PLC0415

    box = Fernet(Fernet.generate_key())
    token = box.encrypt(password.encode())
    return token.decode(), box.decrypt(token).decode()


def recompute(password: str, stored: str) -> bytes:
    """Argon2id by hand with the salt and parameters read from ``stored``: what verify does."""
    from argon2.low_level import Type, hash_secret_raw  # noqa: PLC0415

    info = parse(stored)
    return hash_secret_raw(
        password.encode(),
        info.salt,
        time_cost=info.params["t"],
        memory_cost=info.params["m"],
        parallelism=info.params["p"],
        hash_len=len(info.digest),
        type=Type.ID,
    )


def per_second(fn: object, seconds: float = 0.2) -> float:
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        fn()  # type: ignore[operator]
        count += 1
    return count / elapsed


def tour() -> None:
    hasher = PasswordHasher()  # the OWASP floor: what the lesson uses unless configured higher
    print("1. Encryption is reversible; a hash is not")
    token, back = reversible(PASSWORD)
    print(f"   Fernet token      {token[:44]}…")
    print(f"   decrypted         {back!r}  <- anyone holding the key reads every password")
    first, second = hasher.hash_blocking(PASSWORD), hasher.hash_blocking(PASSWORD)
    print("\n2. The same password hashed twice (Argon2id, OWASP minimum cost)")
    print(f"   {first}\n   {second}")
    info = parse(first)
    print(f"   scheme {info.scheme}, version {info.version}, params {info.params}")
    print(f"   salt   {info.salt.hex()}  ({len(info.salt)} random bytes, stored in the clear)")
    print(f"   digest {info.digest.hex()[:32]}…  ({len(info.digest)} bytes)")
    print(f"   same password, same cost, different salt → different hashes: {first != second}")

    print("\n3. Verifying = hashing again with the stored salt and parameters")
    print(
        f"   by hand, right password  → digest matches: {recompute(PASSWORD, first) == info.digest}"
    )
    print(
        f"   by hand, wrong password  → digest matches: {recompute('Correct horse', first) == info.digest}"
    )
    print(f"   passlib's verify         → {hasher.verify_blocking(PASSWORD, first).ok}")

    print("\n4. Why slow: guesses per second on one core")
    sha = per_second(lambda: hashlib.sha256(PASSWORD.encode()).digest())
    argon = per_second(lambda: hasher.hash_blocking(PASSWORD))
    print(f"   SHA-256           {sha:>12,.0f} /s")
    print(f"   Argon2id (floor)  {argon:>12,.1f} /s   ({sha / argon:,.0f}× fewer, and 19 MiB each)")

    print(f"\n5. bcrypt reads only {BCRYPT_MAX_BYTES} bytes; old hashes are upgraded on login")
    legacy = hasher.context.handler("bcrypt").using(rounds=10).hash("a" * 72)
    print(f"   legacy bcrypt hash of 72 × 'a'       {legacy}")
    longer = hasher.verify_blocking("a" * 72 + "X", legacy).ok
    print(f"   'a' × 72 + 'X' (73 bytes) verifies?  {longer}  (a truncating bcrypt said True)")
    verdict = hasher.verify_blocking("a" * 72, legacy)
    print(f"   'a' × 72 verifies?                   {verdict.ok}")
    print(f"   new hash to store                    {parse(verdict.new_hash or '').describe()}")
    hasher.close()


def main(argv: Sequence[str]) -> int:
    if argv[:1] == ["calibrate"]:
        return calibrate.main(argv[1:])
    tour()
    print("\nNext: python -m day18_passwords demo calibrate   (the cost for this machine)")
    return 0
