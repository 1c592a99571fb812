"""Notifications with arbitrary names, ids and text build, sign and deliver without a crash."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.reference import parse_button_reply
from harness.reports.evidence import to_jsonable
from harness.targets.transport import WsgiTransport
from harness.webhooks.delivery import WebhookClient
from harness.webhooks.notifications import NotificationFactory
from harness.webhooks.signing import SIGNATURE_HEADER, verify
from tests.fuzz.strategies import FUZZ, json_values

APP_SECRET = "fuzz-app-secret"
TEXT = st.text(max_size=300)
# wa_ids are digits on the wire; any text is fuzzed too, since callers pass what they like.
WA_IDS = st.text(alphabet="0123456789", min_size=1, max_size=15) | st.text(max_size=40)


def _echo_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """Answers 200 with whether the signature holds over the raw bytes, else 403."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length)
    header = environ.get("HTTP_" + SIGNATURE_HEADER.upper().replace("-", "_"))
    ok = verify(body, header, APP_SECRET)
    json.loads(body)
    start_response("200 OK" if ok else "403 Forbidden", [("Content-Type", "application/json")])
    return [json.dumps({"verified": ok}).encode()]


CLIENT = WebhookClient(WsgiTransport(_echo_app), app_secret=APP_SECRET)


@FUZZ
@given(WA_IDS, TEXT, st.one_of(st.none(), TEXT), st.integers(0, 2**31))
def test_text_notification_is_delivered_signed(
    wa_id: str, body: str, name: str | None, seed: int
) -> None:
    factory = NotificationFactory(seed=seed)
    delivery = CLIENT.post(factory.text(from_wa_id=wa_id, body=body, name=name))
    assert delivery.answer.status == 200, delivery.answer.text()
    assert delivery.body.isascii()
    json.dumps(to_jsonable(delivery.as_evidence("fuzz")))


@FUZZ
@given(WA_IDS, TEXT, TEXT, st.one_of(st.none(), TEXT), st.booleans())
def test_reply_notifications_are_delivered_signed(
    wa_id: str, reply_id: str, title: str, context_id: str | None, legacy: bool
) -> None:
    factory = NotificationFactory()
    for notification in (
        factory.button_reply(
            from_wa_id=wa_id, reply_id=reply_id, title=title, context_id=context_id, legacy=legacy
        ),
        factory.list_reply(
            from_wa_id=wa_id, reply_id=reply_id, title=title, description=title, legacy=legacy
        ),
        factory.template_button(from_wa_id=wa_id, payload=reply_id, text=title),
    ):
        delivery = CLIENT.post(notification)
        assert delivery.answer.status == 200, delivery.answer.text()
        message = notification["entry"][0]["changes"][0]["value"]["messages"][0]
        parsed = parse_button_reply(message)
        assert parsed is None or isinstance(parsed, dict)


@FUZZ
@given(WA_IDS, TEXT, st.sampled_from(["sent", "delivered", "read"]))
def test_status_notifications_are_delivered_signed(wa_id: str, wamid: str, status: str) -> None:
    notification = NotificationFactory().status(wamid=wamid, recipient_id=wa_id, status=status)
    assert CLIENT.post(notification).answer.status == 200


@FUZZ
@given(st.binary(max_size=2000))
def test_raw_bytes_are_sent_untouched_and_signed(body: bytes) -> None:
    delivery = WebhookClient(WsgiTransport(_raw_app), app_secret=APP_SECRET).post(body)
    assert delivery.body == body
    assert delivery.answer.body == body


def _raw_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    header = environ.get("HTTP_" + SIGNATURE_HEADER.upper().replace("-", "_"))
    assert verify(body, header, APP_SECRET)
    start_response("200 OK", [])
    return [body]


@FUZZ
@given(json_values())
def test_parse_button_reply_never_raises_on_any_json(value: Any) -> None:
    parsed = parse_button_reply(value)
    assert parsed is None or isinstance(parsed, dict)


@FUZZ
@given(TEXT, st.sampled_from(["interactive", "button", None]), json_values(4))
def test_parse_button_reply_never_raises_on_reply_shaped_messages(
    reply_id: str, kind: str | None, noise: Any
) -> None:
    for message in (
        {"type": kind, "interactive": {"type": "button_reply", "button_reply": {"id": reply_id}}},
        {"type": kind, "interactive": {"type": "list_reply", "list_reply": noise}},
        {"type": kind, "button": {"payload": reply_id}},
        {"type": kind, "button": noise, "interactive": noise},
    ):
        parsed = parse_button_reply(message)
        assert parsed is None or isinstance(parsed, dict)


@pytest.mark.parametrize("wa_id", ["\u0669\u0666\u0666", "9" * 300])
def test_factory_survives_non_ascii_or_huge_sender_ids(wa_id: str) -> None:
    notification = NotificationFactory().text(from_wa_id=wa_id, body="hi")
    message = notification["entry"][0]["changes"][0]["value"]["messages"][0]
    assert message["from"] == wa_id
    assert message["id"].startswith("wamid.")
