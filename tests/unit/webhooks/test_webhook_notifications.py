"""NotificationFactory: deterministic, fresh ids, BSUIDs, string timestamps, batches."""

from __future__ import annotations

import re

import pytest

from harness.clock import Clock
from harness.cloud_api.envelope import BusinessNumber
from harness.errors import UsageError
from harness.webhooks.inbound_validation import is_valid_notification
from harness.webhooks.notifications import BatchShape, NotificationFactory

OPERATOR = "966500000001"
ARABIC = re.compile(r"[\u0600-\u06ff]")


def _factory(seed: int = 1, **options) -> NotificationFactory:
    return NotificationFactory(seed=seed, clock=Clock(1750000000), **options)


def _value(notification: dict) -> dict:
    return notification["entry"][0]["changes"][0]["value"]


def _message(notification: dict) -> dict:
    return _value(notification)["messages"][0]


def _script(factory: NotificationFactory) -> list[dict]:
    return [
        factory.text(from_wa_id=OPERATOR, body="مرحبا"),
        factory.button_reply(from_wa_id=OPERATOR, reply_id="opp:1:accept", title="قبول"),
        factory.status(wamid=factory.new_wamid(OPERATOR), recipient_id=OPERATOR, status="sent"),
    ]


def test_same_seed_and_clock_give_the_same_notifications() -> None:
    assert _script(_factory(5)) == _script(_factory(5))
    assert _factory(5).operator() == _factory(5).operator()


def test_another_seed_gives_other_ids_and_people() -> None:
    first, second = _script(_factory(5)), _script(_factory(6))
    assert _message(first[0])["id"] != _message(second[0])["id"]
    assert _factory(5).operator() != _factory(6).operator()


def test_every_message_gets_a_fresh_wamid() -> None:
    factory = _factory()
    ids = {_message(factory.text(from_wa_id=OPERATOR, body="x"))["id"] for _ in range(50)}
    assert len(ids) == 50
    assert all(re.fullmatch(r"wamid\.HBg[A-Za-z0-9+/=]+", i) for i in ids)


def test_inbound_contacts_carry_user_id_unless_legacy() -> None:
    modern = _factory().text(from_wa_id=OPERATOR, body="x")
    [contact] = _value(modern)["contacts"]
    assert re.fullmatch(r"SA\.[1-9]\d{14,15}", contact["user_id"])  # as real ones (M-BSUID)
    assert contact["wa_id"] == OPERATOR
    assert ARABIC.search(contact["profile"]["name"])
    per_call = _factory().text(from_wa_id=OPERATOR, body="x", legacy=True)
    factory_wide = _factory(legacy=True).button_reply(from_wa_id=OPERATOR, reply_id="a", title="b")
    for legacy in (per_call, factory_wide):
        assert "user_id" not in _value(legacy)["contacts"][0]
        assert "from_user_id" not in _message(legacy)
        assert is_valid_notification(legacy)


def test_inbound_messages_carry_from_user_id_after_from() -> None:
    factory = _factory()
    for notification in (
        factory.text(from_wa_id=OPERATOR, body="x"),
        factory.button_reply(from_wa_id=OPERATOR, reply_id="a", title="b"),
        factory.list_reply(from_wa_id=OPERATOR, reply_id="a", title="b"),
        factory.template_button(from_wa_id=OPERATOR, payload="a", text="b"),
    ):
        message = _message(notification)
        assert message["from_user_id"] == _value(notification)["contacts"][0]["user_id"]
        keys = list(message)
        assert keys[keys.index("from") + 1 :][:3] == ["from_user_id", "id", "timestamp"]
        assert is_valid_notification(notification)


def test_user_id_and_name_are_stable_per_number() -> None:
    factory = _factory()
    a = _value(factory.text(from_wa_id=OPERATOR, body="1"))["contacts"][0]
    b = _value(factory.text(from_wa_id=OPERATOR, body="2"))["contacts"][0]
    assert a == b


def test_timestamps_are_strings_of_clock_seconds() -> None:
    clock = Clock(1750000000)
    factory = NotificationFactory(clock=clock)
    first = factory.text(from_wa_id=OPERATOR, body="x")
    clock.advance(90)
    status = factory.status(wamid="wamid.A", recipient_id=OPERATOR, status="delivered")
    assert _message(first)["timestamp"] == "1750000000"
    assert _value(status)["statuses"][0]["timestamp"] == "1750000090"


def test_business_number_fills_metadata_and_context() -> None:
    business = BusinessNumber(
        phone_number_id="111", display_phone_number="15550009999", waba_id="9"
    )
    notification = NotificationFactory(business=business).button_reply(
        from_wa_id=OPERATOR, reply_id="msg:d-1:approve", title="اعتماد", context_id="wamid.CARD"
    )
    assert notification["entry"][0]["id"] == "9"
    assert _value(notification)["metadata"] == {
        "display_phone_number": "15550009999",
        "phone_number_id": "111",
    }
    assert _message(notification)["context"] == {"from": "15550009999", "id": "wamid.CARD"}
    assert _message(notification)["interactive"] == {
        "type": "button_reply",
        "button_reply": {"id": "msg:d-1:approve", "title": "اعتماد"},
    }


def test_taps_always_quote_a_business_message() -> None:
    factory = _factory()
    for notification in (
        factory.button_reply(from_wa_id=OPERATOR, reply_id="a", title="b"),
        factory.list_reply(from_wa_id=OPERATOR, reply_id="a", title="b", description="c"),
        factory.template_button(from_wa_id=OPERATOR, payload="p", text="t"),
    ):
        assert _message(notification)["context"]["id"].startswith("wamid.")


def test_template_button_and_list_reply_shapes() -> None:
    factory = _factory()
    button = _message(
        factory.template_button(from_wa_id=OPERATOR, payload="opt_in:yes", text="نعم")
    )
    assert button["type"] == "button"
    assert button["button"] == {"payload": "opt_in:yes", "text": "نعم"}
    row = _message(factory.list_reply(from_wa_id=OPERATOR, reply_id="r", title="t"))
    assert row["interactive"]["list_reply"] == {"id": "r", "title": "t"}


def test_people_are_saudi_numbers_with_arabic_names() -> None:
    factory = _factory()
    people = [factory.operator(), factory.operator(1), factory.prospect(), factory.prospect(1)]
    assert len({p.wa_id for p in people}) == 4
    for person in people:
        assert re.fullmatch(r"9665\d{8}", person.wa_id)
        assert ARABIC.search(person.name)
        assert person.user_id.startswith("SA.")


def test_failed_status_carries_meta_error_object() -> None:
    notification = _factory().status(
        wamid="wamid.A", recipient_id=OPERATOR, status="failed", error=131047
    )
    [status] = _value(notification)["statuses"]
    [error] = status["errors"]
    assert error["code"] == 131047
    assert error["title"] == error["message"]
    assert set(error) == {"code", "title", "message", "error_data", "href"}
    assert "pricing" not in status


def test_status_arguments_are_checked() -> None:
    factory = _factory()
    with pytest.raises(UsageError, match="not one of"):
        factory.status(wamid="w", recipient_id=OPERATOR, status="bounced")
    with pytest.raises(UsageError, match="exactly when"):
        factory.status(wamid="w", recipient_id=OPERATOR, status="failed")
    with pytest.raises(UsageError, match="exactly when"):
        factory.status(wamid="w", recipient_id=OPERATOR, status="read", error=131047)
    with pytest.raises(UsageError, match="131047"):
        factory.status(wamid="w", recipient_id=OPERATOR, status="failed", error=999)


def test_unsupported_message_has_error_131051() -> None:
    item = _message(_factory().unsupported(from_wa_id=OPERATOR))
    assert item["type"] == "unsupported"
    assert item["errors"][0]["code"] == 131051
    assert item["unsupported"] == {"type": "poll_update"}


def test_message_item_is_bare() -> None:
    item = _factory().message_item(from_wa_id=OPERATOR, type="text", content={"body": "x"})
    assert set(item) == {"from", "id", "timestamp", "type", "text"}


@pytest.fixture
def three() -> list[dict]:
    factory = _factory()
    return [
        factory.text(from_wa_id=OPERATOR, body="a"),
        factory.text(from_wa_id="966500000003", body="b"),
        factory.button_reply(from_wa_id=OPERATOR, reply_id="opp:1:skip", title="تخطي"),
    ]


def test_batch_by_entries(three: list[dict]) -> None:
    merged = _factory().batch(three)
    assert len(merged["entry"]) == 3
    assert is_valid_notification(merged)


def test_batch_by_changes(three: list[dict]) -> None:
    merged = _factory().batch(three, shape=BatchShape.CHANGES)
    assert len(merged["entry"]) == 1
    assert len(merged["entry"][0]["changes"]) == 3
    assert is_valid_notification(merged)


def test_batch_into_one_value(three: list[dict]) -> None:
    merged = _factory().batch(three, shape="items")
    value = _value(merged)
    assert [c["wa_id"] for c in value["contacts"]] == [OPERATOR, "966500000003"]
    assert len(value["messages"]) == 3
    assert is_valid_notification(merged)


def test_batch_does_not_mutate_inputs(three: list[dict]) -> None:
    before = repr(three)
    _factory().batch(three, shape=BatchShape.ITEMS)
    assert repr(three) == before


def test_batch_refuses_to_merge_different_businesses() -> None:
    other = NotificationFactory(business=BusinessNumber(phone_number_id="222"))
    parts = [_factory().text(from_wa_id=OPERATOR, body="a"), other.text(from_wa_id="1", body="b")]
    with pytest.raises(UsageError, match="metadata"):
        _factory().batch(parts, shape=BatchShape.ITEMS)
    with pytest.raises(UsageError, match="at least one"):
        _factory().batch([])


def test_batch_into_one_value_keeps_each_senders_fullest_contact() -> None:
    # A status's contact may lack profile; the tap merged after it still carries its
    # sender's profile, as Meta sends a message with it.
    factory = _factory()
    status = factory.status(wamid="wamid.X", recipient_id=OPERATOR, status="read", contacts="bare")
    tap = factory.button_reply(from_wa_id=OPERATOR, reply_id="opp:1:draft", title="رسالة")
    value = _value(factory.batch([status, tap], shape=BatchShape.ITEMS))
    (merged,) = value["contacts"]
    assert merged["profile"] == _value(tap)["contacts"][0]["profile"]
    assert merged["wa_id"] == OPERATOR
