"""The 2026 shapes: username-only users, statuses with contacts, system, errors, user_id_update."""

from __future__ import annotations

import re

import pytest

from harness.clock import Clock
from harness.cloud_api.ids import parent_user_id, user_id
from harness.webhooks.inbound_validation import inbound_violations
from harness.webhooks.notifications import NotificationFactory

OPERATOR = "966500000001"
BSUID = re.compile(r"[A-Z]{2}\.[1-9]\d{14,15}")


def _factory(**options) -> NotificationFactory:
    return NotificationFactory(seed=4, clock=Clock(1750000000), **options)


def _value(notification: dict) -> dict:
    return notification["entry"][0]["changes"][0]["value"]


def test_bsuids_look_like_real_ones_and_parents_carry_ent() -> None:
    ids = {user_id(seed=s, wa_id=OPERATOR) for s in range(40)}
    assert all(BSUID.fullmatch(i) for i in ids)
    assert {len(i) for i in ids} == {18, 19}  # "SA." and 15 or 16 digits
    assert re.fullmatch(r"SA\.ENT\.[1-9]\d{19}", parent_user_id(seed=1, wa_id=OPERATOR))


def test_username_only_user_has_no_from_and_no_wa_id() -> None:
    factory = _factory()
    tap = factory.button_reply(from_wa_id=OPERATOR, reply_id="opp:1:accept", title="قبول")
    hidden = factory.as_username_user(tap, username="@salem.k")
    [contact] = _value(hidden)["contacts"]
    [message] = _value(hidden)["messages"]
    assert "wa_id" not in contact
    assert "from" not in message
    assert contact["profile"]["username"] == "@salem.k"
    assert message["from_user_id"] == contact["user_id"]
    assert list(message)[:2] == ["context", "from_user_id"]
    assert inbound_violations(hidden) == []
    shown = factory.as_username_user(tap, username="@salem.k", phone_hidden=False)
    assert _value(shown)["contacts"][0]["wa_id"] == OPERATOR
    assert _value(shown)["messages"][0]["from"] == OPERATOR


@pytest.mark.parametrize("status", ["sent", "delivered", "read"])
def test_progress_statuses_carry_contacts_and_recipient_user_id(status: str) -> None:
    factory = _factory()
    wamid = factory.new_wamid(OPERATOR)
    bare = _value(factory.status(wamid=wamid, recipient_id=OPERATOR, status=status))
    [item] = bare["statuses"]
    assert bare["contacts"] == [{"wa_id": OPERATOR, "user_id": item["recipient_user_id"]}]
    assert list(bare)[:3] == ["messaging_product", "metadata", "contacts"]
    assert item["recipient_id"] == OPERATOR
    documented = _value(
        factory.status(wamid=wamid, recipient_id=OPERATOR, status=status, contacts="profile")
    )
    assert set(documented["contacts"][0]) == {"profile", "wa_id", "user_id"}
    for value in (bare, documented):
        assert inbound_violations({"object": "whatsapp_business_account", "entry": [
            {"id": "1", "changes": [{"field": "messages", "value": value}]}
        ]}) == []  # fmt: skip


def test_bsuid_send_to_a_hidden_phone_omits_recipient_id() -> None:
    factory = _factory()
    notification = factory.status(
        wamid=factory.new_wamid(OPERATOR),
        recipient_id=OPERATOR,
        status="delivered",
        by_user_id=True,
        phone_hidden=True,
    )
    [item] = _value(notification)["statuses"]
    assert "recipient_id" not in item
    assert BSUID.fullmatch(item["recipient_user_id"])
    assert "wa_id" not in _value(notification)["contacts"][0]
    assert inbound_violations(notification) == []


def test_failed_status_variants() -> None:
    factory = _factory()
    wamid = factory.new_wamid(OPERATOR)
    documented = factory.status(wamid=wamid, recipient_id=OPERATOR, status="failed", error=131026)
    captured = factory.status(
        wamid=wamid, recipient_id=OPERATOR, status="failed", error=131026, contacts="wa_id_only"
    )
    assert "contacts" not in _value(documented)
    assert _value(captured)["contacts"] == [{"wa_id": OPERATOR}]
    # recipient_user_id on failed only when the message went to a BSUID (M-BSUID).
    assert "recipient_user_id" not in _value(documented)["statuses"][0]
    by_bsuid = factory.status(
        wamid=wamid, recipient_id=OPERATOR, status="failed", error=131026, by_user_id=True
    )
    assert "recipient_user_id" in _value(by_bsuid)["statuses"][0]
    for notification in (documented, captured, by_bsuid):
        assert inbound_violations(notification) == []


def test_legacy_statuses_have_no_bsuid_fields() -> None:
    factory = _factory(legacy=True)
    value = _value(factory.status(wamid="wamid.X", recipient_id=OPERATOR, status="sent"))
    assert "contacts" not in value
    assert "recipient_user_id" not in value["statuses"][0]


@pytest.mark.parametrize("system_type", ["user_changed_user_id", "user_changed_number"])
def test_system_messages_have_no_contacts_and_are_valid(system_type: str) -> None:
    notification = _factory().system(wa_id=OPERATOR, system_type=system_type)
    value = _value(notification)
    assert "contacts" not in value
    [message] = value["messages"]
    assert (message["type"], message["system"]["type"]) == ("system", system_type)
    assert "changed from" in message["system"]["body"]
    assert inbound_violations(notification) == []


def test_a_non_system_message_without_contacts_is_still_malformed() -> None:
    tap = _factory().text(from_wa_id=OPERATOR, body="x")
    del _value(tap)["contacts"]
    assert inbound_violations(tap) != []


def test_value_errors_and_user_id_update_are_valid() -> None:
    factory = _factory()
    errors = factory.errors(130429)
    [error] = _value(errors)["errors"]
    assert (error["code"], error["href"]) == (
        130429,
        "/documentation/business-messaging/whatsapp/support/error-codes",
    )
    update = factory.user_id_update(wa_id=OPERATOR)
    change = update["entry"][0]["changes"][0]
    assert change["field"] == "user_id_update"
    [item] = change["value"]["user_id_update"]
    assert item["user_id"]["previous"] != item["user_id"]["current"]
    assert inbound_violations(errors) == inbound_violations(update) == []
