"""The negative battery's signature modes and handshakes: what they send, what they record."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from harness.reference.signatures import Signature, check_signature
from harness.reports.redaction import MASK
from harness.targets.transport import WsgiTransport
from harness.webhooks.delivery import SHA1_HEADER, SignatureMode, WebhookClient
from harness.webhooks.signing import SIGNATURE_HEADER, sign

from .conftest import APP_SECRET, VERIFY_TOKEN, VerifyingApp

BODY = b'{"object":"whatsapp_business_account","entry":[]}'


@pytest.fixture
def client(verifying_app: VerifyingApp) -> WebhookClient:
    return WebhookClient(WsgiTransport(verifying_app), app_secret=APP_SECRET, seed=3)


def test_the_modes_build_the_documented_headers(client: WebhookClient) -> None:
    valid = sign(BODY, APP_SECRET)
    assert client.signature_for(BODY, SignatureMode.EMPTY) == ""
    assert client.signature_for(BODY, SignatureMode.BARE_PREFIX) == "sha256="
    truncated = client.signature_for(BODY, SignatureMode.TRUNCATED)
    assert truncated == valid[: len("sha256=") + 32]
    assert client.signature_for(BODY, SignatureMode.SHA1_HEADER) is None


def test_the_sha1_header_is_well_formed_but_under_another_key(
    client: WebhookClient, verifying_app: VerifyingApp
) -> None:
    delivery = client.post(BODY, signature=SignatureMode.SHA1_HEADER)
    assert SIGNATURE_HEADER not in delivery.headers
    header = delivery.headers[SHA1_HEADER]
    right = "sha1=" + hmac.new(APP_SECRET.encode(), BODY, hashlib.sha1).hexdigest()
    assert header.startswith("sha1=")
    assert len(header) == len(right)
    assert header != right
    assert not delivery.accepted
    assert verifying_app.accepted == []


@pytest.mark.parametrize(
    "mode",
    [SignatureMode.EMPTY, SignatureMode.BARE_PREFIX, SignatureMode.TRUNCATED],
)
def test_the_reference_refuses_each_wrong_signature(
    client: WebhookClient, mode: SignatureMode
) -> None:
    header = client.signature_for(BODY, mode)
    assert check_signature(BODY, header, APP_SECRET) is not Signature.VALID


def test_the_mode_names_from_a_feature_file_mean_the_modes(client: WebhookClient) -> None:
    delivery = client.post(BODY, signature="bare_prefix")
    assert delivery.signature == "bare_prefix"
    assert delivery.headers[SIGNATURE_HEADER] == "sha256="


def test_a_token_sent_elsewhere_is_masked_in_the_record(client: WebhookClient) -> None:
    answer = client.handshake(
        verify_token="not-the-token",
        challenge="1234567890",
        elsewhere={"verify_token": VERIFY_TOKEN},
    )
    assert answer.status == 403
    assert not answer.echoed
    assert answer.query["verify_token"] == MASK
    assert answer.query["hub.verify_token"] == MASK
    assert VERIFY_TOKEN not in str(answer.as_evidence("handshake", {}))
