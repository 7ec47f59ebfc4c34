"""Day 19 · Request signatures: prove who sent a request, that nobody changed it, and that it is fresh."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=19,
    title="Request signatures",
    learn=(
        Bullet(
            "HMAC-SHA256 request signing over a canonical string: method, path, sorted query, "
            "key id, timestamp, nonce and the SHA-256 of the body",
            code=("canonical.py:canonical_request", "request_signing.py:RequestVerifier.verify"),
            tests=(
                "tests/test_signing.py::test_canonical_request_is_the_documented_test_vector",
                "tests/test_signing.py::test_every_field_changes_the_signature",
                "tests/test_signing.py::test_query_is_sorted_and_encoded_one_way",
            ),
        ),
        Bullet(
            "The body digest taken over the exact raw bytes received, verified before the JSON "
            "is parsed",
            code=("request_signing.py:signed_request", "schemas.py:parse"),
            tests=(
                "tests/test_signing.py::test_body_digest_is_over_the_raw_bytes",
                "tests/test_attacks.py::test_reserialised_json_with_other_whitespace",
                "tests/test_bad_input.py::test_unsigned_order_reveals_no_validation_details",
            ),
        ),
        Bullet(
            "Constant-time comparison with `hmac.compare_digest`, and the timing attack it stops",
            code=("request_signing.py:RequestVerifier.verify",),
            tests=(
                "tests/test_signing.py::test_signatures_are_compared_in_constant_time",
                "tests/test_attacks.py::test_wrong_key_id",
            ),
        ),
        Bullet(
            "Replay protection: a ±window on the timestamp (clock skew) and a nonce store whose "
            "entries expire with the window",
            code=("replay.py:within_window", "replay.py:NonceStore"),
            tests=(
                "tests/test_attacks.py::test_replayed_request",
                "tests/test_attacks.py::test_stale_timestamp",
                "tests/test_replay.py::test_nonce_expires_once_its_timestamp_leaves_the_window",
            ),
        ),
        Bullet(
            "Ed25519 webhook signatures in the Standard Webhooks style: the sender signs with its "
            "private key, the receiver holds only the public key",
            code=("webhooks.py:WebhookSender", "webhooks.py:WebhookVerifier"),
            tests=(
                "tests/test_webhooks.py::test_provider_delivery_is_accepted_and_recorded",
                "tests/test_webhooks.py::test_receiver_can_verify_but_cannot_sign",
                "tests/test_attacks.py::test_webhook_signed_by_another_key",
            ),
        ),
        Bullet(
            "A signing client (an `httpx.Auth`) and every attack tried against the server, each "
            "refused with 401 or 400 in problem+json",
            code=("signing_client.py:HmacAuth", "problems.py"),
            tests=(
                "tests/test_live.py::test_signing_client_and_provider_against_a_real_server",
                "tests/test_attacks.py::test_tampered_body",
                "tests/test_attacks.py::test_garbage_headers",
            ),
        ),
    ),
    try_these=("python -m day19_signatures demo", "GET /orders"),
    smoke="GET /webhooks/events",
    has_demo=True,
    tags=("hmac", "ed25519", "webhooks", "replay protection"),
)
