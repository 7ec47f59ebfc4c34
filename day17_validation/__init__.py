"""Day 17: validation vs sanitisation — refuse what is wrong, store what is right, escape on output."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=17,
    title="Validation and sanitisation",
    learn=(
        Bullet(
            "Reusable constrained types with Annotated, Field constraints and AfterValidator: "
            "Username, Email, Slug, Money, DisplayName, CommentText",
            code=(),
            tests=(),
        ),
        Bullet(
            'Lax vs strict: lax mode turns false, "12", 1.0 and true into numbers; strict types '
            "refuse them — the same order shown both ways",
            code=(),
            tests=(),
        ),
        Bullet(
            'Unknown fields rejected (extra="forbid"), so a "role": "admin" cannot be '
            "mass-assigned; sizes bounded: strings, lists, numbers, JSON nesting depth, the 1 MB body",
            code=(),
            tests=(),
        ),
        Bullet(
            "Normalising input: trimmed whitespace, case-folded e-mails, NFKC usernames (full-width "
            "ｅｖｅ is eve, so a duplicate), control characters and bidi overrides refused",
            code=(),
            tests=(),
        ),
        Bullet(
            'NoSQL injection: {"$ne": null} logs in as admin through a filter built from raw JSON; '
            "typed bodies answer 422 before any query runs, and search text is regex-escaped",
            code=(),
            tests=(),
        ),
        Bullet(
            "Validation is not sanitisation: comments are stored exactly as written and escaped on "
            "output, in an HTML view with a Content-Security-Policy",
            code=(),
            tests=(),
        ),
    ),
    needs=("mongo",),
    try_these=("GET /pages/welcome", "python -m day17_validation demo"),
    smoke="GET /pages/welcome/comments",
    has_demo=True,
    tags=("validation", "pydantic", "nosql injection", "xss", "unicode"),
)
