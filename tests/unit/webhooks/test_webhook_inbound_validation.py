"""The inbound JSON Schemas and the violation iterator over them."""

from __future__ import annotations

import copy

import pytest
from jsonschema import Draft202012Validator

from harness.clock import Clock
from harness.cloud_api.schema_files import KINDS, schema_documents
from harness.webhooks.inbound_validation import (
    Violation,
    inbound_violations,
    is_valid_notification,
    iter_inbound_violations,
)
from harness.webhooks.notifications import NotificationFactory

OPERATOR = "966500000001"


@pytest.fixture
def factory() -> NotificationFactory:
    return NotificationFactory(seed=3, clock=Clock(1750000000))


@pytest.mark.parametrize(
    ("kind", "name"), [(kind, name) for kind in KINDS for name in schema_documents(kind)]
)
def test_schema_files_are_valid_2020_12(kind, name) -> None:
    schema = schema_documents(kind)[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_factory_output_is_valid(factory: NotificationFactory) -> None:
    wamid = factory.new_wamid(OPERATOR)
    for notification in (
        factory.text(from_wa_id=OPERATOR, body="مرحبا"),
        factory.button_reply(from_wa_id=OPERATOR, reply_id="opp:1:accept", title="قبول"),
        factory.list_reply(from_wa_id=OPERATOR, reply_id="opp:1:draft", title="رسالة"),
        factory.template_button(from_wa_id=OPERATOR, payload="p", text="نعم"),
        factory.unsupported(from_wa_id=OPERATOR),
        factory.status(wamid=wamid, recipient_id=OPERATOR, status="read"),
        factory.status(wamid=wamid, recipient_id=OPERATOR, status="failed", error=131047),
    ):
        assert inbound_violations(notification) == []
        assert is_valid_notification(notification)


def _first_message(notification: dict) -> dict:
    return notification["entry"][0]["changes"][0]["value"]["messages"][0]


def test_missing_button_reply_id_is_named(factory: NotificationFactory) -> None:
    notification = factory.button_reply(from_wa_id=OPERATOR, reply_id="x", title="y")
    del _first_message(notification)["interactive"]["button_reply"]["id"]
    [violation] = list(iter_inbound_violations(notification))
    assert violation.path.endswith("messages[0].interactive.button_reply")
    assert "'id' is a required property" in violation.message
    assert str(violation) == f"{violation.path}: {violation.message}"


def test_numeric_timestamp_is_a_violation(factory: NotificationFactory) -> None:
    notification = factory.text(from_wa_id=OPERATOR, body="x")
    _first_message(notification)["timestamp"] = 1750000000
    assert Violation(
        path="$.entry[0].changes[0].value.messages[0].timestamp",
        message="1750000000 is not of type 'string'",
    ) in inbound_violations(notification)


def test_messages_without_contacts_is_a_violation(factory: NotificationFactory) -> None:
    notification = factory.text(from_wa_id=OPERATOR, body="x")
    del notification["entry"][0]["changes"][0]["value"]["contacts"]
    assert not is_valid_notification(notification)


def test_failed_status_needs_errors(factory: NotificationFactory) -> None:
    notification = factory.status(
        wamid="wamid.X", recipient_id=OPERATOR, status="failed", error=131026
    )
    broken = copy.deepcopy(notification)
    del broken["entry"][0]["changes"][0]["value"]["statuses"][0]["errors"]
    assert is_valid_notification(notification)
    assert [v.message for v in inbound_violations(broken)] == ["'errors' is a required property"]


@pytest.mark.parametrize(
    "document",
    [None, [], {"object": "page", "entry": []}, {"object": "whatsapp_business_account"}],
    ids=["null", "array", "wrong-object", "no-entry"],
)
def test_non_notifications_are_invalid(document) -> None:
    assert not is_valid_notification(document)
    assert inbound_violations(document)
