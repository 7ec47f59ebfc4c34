"""Day 17: validation vs sanitisation — refuse what is wrong, store what is right, escape on output."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=17,
    title="Validation and sanitisation",
    learn=(
        Bullet(
            "Reusable constrained types with `Annotated`, `Field` constraints and "
            "`AfterValidator`: `Username`, `Email`, `Slug`, `Money`, `DisplayName`, `CommentText`",
            code=("types.py",),
            tests=(
                "tests/test_types.py::test_usernames_are_nfkc_normalised_and_case_folded",
                "tests/test_types.py::test_slugs_are_refused_not_fixed",
                "tests/test_types.py::test_money_is_a_strict_int",
            ),
        ),
        Bullet(
            'Lax vs strict: lax mode turns `false`, `"12"`, `1.0` and `true` into numbers; strict '
            "types refuse them — the same order shown both ways, `POST /orders/preview/lax` and "
            "`/strict`",
            code=("coercion.py:LaxOrder", "coercion.py:StrictOrder"),
            tests=(
                "tests/test_coercion.py::test_lax_coerces_what_strict_refuses",
                "tests/test_coercion.py::test_false_as_a_price_makes_the_lax_order_free",
            ),
        ),
        Bullet(
            'Unknown fields rejected (`extra="forbid"`), so a `"role": "admin"` cannot be '
            "mass-assigned; sizes bounded: strings, lists, numbers, JSON nesting depth, the 1 MB "
            "body",
            code=("accounts.py:SignupIn", "nesting.py:DepthLimitedRoute", "types.py:JsonObject"),
            tests=(
                "tests/test_attacks.py::test_unknown_fields_cannot_be_mass_assigned",
                "tests/test_attacks.py::test_deeply_nested_json_is_refused_before_parsing",
                "tests/test_attacks.py::test_over_long_values_are_refused",
            ),
        ),
        Bullet(
            "Normalising input: trimmed whitespace, case-folded e-mails, NFKC usernames "
            "(full-width `ｅｖｅ` is `eve`, so a duplicate), control characters and bidi "
            "overrides refused",
            code=("normalise.py",),
            tests=(
                "tests/test_attacks.py::test_full_width_and_case_variants_collide_with_the_original",
                "tests/test_types.py::test_emails_are_trimmed_and_lower_cased_whole",
                "tests/test_types.py::test_control_characters_bidi_overrides_and_surrogates_are_refused",
            ),
        ),
        Bullet(
            'NoSQL injection: `{"$ne": null}` logs in as admin through a filter built from raw '
            "JSON; typed bodies answer 422 before any query runs (proved with "
            "`shared/dbwatch.py`), and search text is regex-escaped",
            code=(
                "vulnerable.py:login",
                "accounts.py:login",
                "comments.py:_recent",
                "shared/dbwatch.py",
            ),
            tests=(
                "tests/test_injection.py::test_an_operator_as_password_logs_in_as_admin",
                "tests/test_attacks.py::test_operator_bodies_are_422_before_any_query",
                "tests/test_comments.py::test_search_text_is_escaped_for_the_regex_it_enters",
            ),
        ),
        Bullet(
            "Validation is not sanitisation: comments are stored exactly as written and escaped "
            "on output, in an HTML view with a Content-Security-Policy",
            code=("comments.py:add_comment", "escaping.py:render_page", "escaping.py:CSP"),
            tests=(
                "tests/test_comments.py::test_text_is_stored_and_returned_exactly_as_written",
                "tests/test_comments.py::test_the_html_view_escapes_every_stored_value",
                "tests/test_comments.py::test_the_html_view_sends_a_content_security_policy",
            ),
        ),
    ),
    needs=("mongo",),
    try_these=("GET /pages/welcome", "python -m day17_validation demo"),
    smoke="GET /pages/welcome/comments",
    has_demo=True,
    tags=("validation", "pydantic", "nosql injection", "xss", "unicode"),
)
