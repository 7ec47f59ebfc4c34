"""A tiny sample of the most common passwords in public breach corpora.

Only passwords of 8+ characters (shorter ones fail the length rule anyway). A real service
checks a full corpus — for example the Pwned Passwords range API, which is k-anonymous: only the
first 5 hex digits of the password's SHA-1 leave the server. Compared case-insensitively, after
Unicode NFKC normalisation (``policy.py``).
"""

BREACHED = frozenset(
    (
        "password",
        "password1",
        "password123",
        "passw0rd",
        "p@ssw0rd",
        "12345678",
        "123456789",
        "1234567890",
        "12345678910",
        "87654321",
        "11111111",
        "00000000",
        "88888888",
        "qwertyuiop",
        "qwerty123",
        "1q2w3e4r",
        "1q2w3e4r5t",
        "1qaz2wsx",
        "zaq12wsx",
        "asdfghjkl",
        "iloveyou",
        "iloveyou1",
        "princess",
        "sunshine",
        "football",
        "baseball",
        "superman",
        "starwars",
        "whatever",
        "trustno1",
        "letmein1",
        "welcome1",
        "welcome123",
        "admin123",
        "administrator",
        "changeme",
        "computer",
        "internet",
        "michelle",
        "jennifer",
        "liverpool",
        "chocolate",
        "basketball",
        "abcdefgh",
        "abcd1234",
        "abc12345",
        "aa123456",
        "qwer1234",
        "q1w2e3r4",
        "a1b2c3d4",
    )
)
