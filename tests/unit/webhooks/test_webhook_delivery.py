"""WebhookClient against an in-process verifying WSGI app: signatures, tampering, handshake."""

from __future__ import annotations

import json
import re

import pytest

from harness.reports.evidence import to_jsonable
from harness.reports.redaction import MASK
from harness.targets.transport import WsgiTransport
from harness.webhooks.delivery import SignatureMode, WebhookClient, tampered
from harness.webhooks.encoding import meta_json_bytes
from harness.webhooks.notifications import NotificationFactory
from harness.webhooks.signing import SIGNATURE_HEADER, sign

from .conftest import APP_SECRET, VERIFY_TOKEN, VerifyingApp

OPERATOR = "966500000001"


@pytest.fixture
def client(verifying_app: VerifyingApp) -> WebhookClient:
    return WebhookClient(WsgiTransport(verifying_app), app_secret=APP_SECRET, seed=11)


@pytest.fixture
def notification() -> dict:
    return NotificationFactory(seed=2).button_reply(
        from_wa_id=OPERATOR, reply_id="opp:opp-1:accept", title="قبول"
    )


def test_valid_post_is_accepted_with_the_exact_bytes(
    client: WebhookClient, verifying_app: VerifyingApp, notification: dict
) -> None:
    delivery = client.post(notification)
    assert delivery.answer.status == 200
    assert delivery.accepted
    assert delivery.body == meta_json_bytes(notification)
    assert verifying_app.accepted == [delivery.body]
    assert delivery.headers["Content-Type"] == "application/json"
    assert re.fullmatch(r"sha256=[0-9a-f]{64}", delivery.headers[SIGNATURE_HEADER])


def test_bytes_are_sent_untouched(client: WebhookClient, verifying_app: VerifyingApp) -> None:
    body = b'{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}],"x":"\\/"}'
    delivery = client.post(body)
    assert delivery.accepted
    assert verifying_app.accepted == [body]
    assert delivery.headers[SIGNATURE_HEADER] == sign(body, APP_SECRET)


@pytest.mark.parametrize(
    ("mode", "status"),
    [
        (SignatureMode.MISSING, 401),
        (SignatureMode.WRONG_SECRET, 403),
        (SignatureMode.SHA1_PREFIX, 403),
        (SignatureMode.UPPERCASE_HEX, 403),
        (None, 401),
        ("sha256=" + "0" * 64, 403),
    ],
    ids=["missing", "wrong-secret", "sha1-prefix", "uppercase-hex", "none", "literal"],
)
def test_broken_signatures_are_refused(
    client: WebhookClient, verifying_app: VerifyingApp, notification: dict, mode, status: int
) -> None:
    delivery = client.post(notification, signature=mode)
    assert delivery.answer.status == status
    assert not delivery.accepted
    assert verifying_app.accepted == []


def test_tampered_body_is_refused_and_still_json(
    client: WebhookClient, verifying_app: VerifyingApp, notification: dict
) -> None:
    delivery = client.post(notification, tamper=True)
    assert delivery.answer.status == 403
    assert delivery.tampered
    assert delivery.body != meta_json_bytes(notification)
    assert json.loads(delivery.body)["tampered"] is True
    assert delivery.headers[SIGNATURE_HEADER] == sign(meta_json_bytes(notification), APP_SECRET)


def test_tampering_non_objects_still_changes_the_bytes() -> None:
    assert tampered(b"[]") != b"[]"
    assert tampered(b"{}") != b"{}"


def test_variant_headers_have_the_promised_shape(client: WebhookClient) -> None:
    body = b'{"object":"whatsapp_business_account"}'
    valid = sign(body, APP_SECRET)
    assert client.signature_for(body) == valid
    assert client.signature_for(body, SignatureMode.MISSING) is None
    assert client.signature_for(body, SignatureMode.UPPERCASE_HEX) == valid.upper().replace(
        "SHA256=", "sha256="
    )
    assert client.signature_for(body, SignatureMode.SHA1_PREFIX) == valid.replace("sha256", "sha1")
    wrong = client.signature_for(body, SignatureMode.WRONG_SECRET)
    assert wrong != valid
    assert re.fullmatch(r"sha256=[0-9a-f]{64}", wrong)


def test_mode_names_as_plain_strings_mean_the_mode(
    client: WebhookClient, notification: dict
) -> None:
    delivery = client.post(notification, signature="wrong_secret")
    assert delivery.signature == "wrong_secret"
    assert delivery.headers[SIGNATURE_HEADER] != sign(delivery.body, APP_SECRET)


def test_evidence_is_json_safe_whole_and_secret_free(client: WebhookClient) -> None:
    factory = NotificationFactory(seed=3)
    delivery = client.post(factory.text(from_wa_id=OPERATOR, body="ن" * 5000))
    evidence = delivery.as_evidence("a text")
    text = json.dumps(to_jsonable(evidence))
    assert APP_SECRET not in text
    assert APP_SECRET not in repr(client)
    assert evidence.method == "POST"
    assert evidence.path == "/webhook"
    assert evidence.answer.status == 200
    # Kept whole here; the reports cut it after masking (test_json_report.py).
    assert evidence.body == delivery.body.decode("utf-8")


def test_handshake_sends_a_numeric_challenge_and_masks_the_token(
    client: WebhookClient,
) -> None:
    answer = client.handshake(verify_token=VERIFY_TOKEN)
    assert answer.status == 200
    assert re.fullmatch(r"[1-9]\d{9}", answer.challenge)
    assert answer.text() == answer.challenge
    assert answer.echoed
    assert answer.query["hub.verify_token"] == MASK
    assert answer.query["hub.mode"] == "subscribe"
    evidence = json.dumps(to_jsonable(answer.as_evidence("handshake", {})))
    assert VERIFY_TOKEN not in evidence
    assert answer.challenge in evidence


def test_handshake_with_wrong_token_or_mode_is_refused(client: WebhookClient) -> None:
    assert client.handshake(verify_token="not-it").status == 403
    wrong_mode = client.handshake(verify_token=VERIFY_TOKEN, mode="unsubscribe", challenge="42")
    assert wrong_mode.status == 403
    assert not wrong_mode.echoed
    assert wrong_mode.challenge == "42"


def test_challenges_are_seeded(verifying_app: VerifyingApp) -> None:
    def challenges(seed: int) -> list[str]:
        client = WebhookClient(WsgiTransport(verifying_app), app_secret=APP_SECRET, seed=seed)
        return [client.new_challenge() for _ in range(3)]

    assert challenges(1) == challenges(1)
    assert challenges(1) != challenges(2)


def test_a_token_echoed_by_the_target_is_masked() -> None:
    def echo_everything(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [environ["QUERY_STRING"].encode()]

    client = WebhookClient(WsgiTransport(echo_everything), app_secret=APP_SECRET)
    answer = client.handshake(verify_token="tok-123", challenge="1158201444")
    assert b"tok-123" not in answer.body
    assert "tok-123" not in json.dumps(to_jsonable(answer.as_evidence("handshake", {})))


def test_empty_app_secret_is_a_usage_error(verifying_app: VerifyingApp) -> None:
    with pytest.raises(ValueError, match="app_secret"):
        WebhookClient(WsgiTransport(verifying_app), app_secret="")


def test_echo_is_judged_before_masking() -> None:
    def echo_challenge(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"4242"]

    client = WebhookClient(WsgiTransport(echo_challenge), app_secret=APP_SECRET)
    answer = client.handshake(verify_token="42", challenge="4242")
    assert answer.echoed
    assert b"42" not in answer.body
