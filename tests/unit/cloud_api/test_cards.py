"""Card.of: one lenient reading of what a /messages body shows as a card."""

from __future__ import annotations

from harness.cloud_api.cards import Card, Reply, reply_button_ids


def _buttons(*ids: str) -> dict:
    return {
        "messaging_product": "whatsapp",
        "to": "966500000001",
        "type": "interactive",
        "interactive": {
            "type": "button",
            "header": {"type": "text", "text": "فرصة"},
            "body": {"text": "*عرض* جديد"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": i, "title": i.rsplit(":", 1)[-1]}}
                    for i in ids
                ]
            },
        },
    }


def test_a_button_card_reads_its_texts_and_replies() -> None:
    card = Card.of(_buttons("msg:d-1:approve", "msg:d-1:edit", "msg:d-1:cancel"))
    assert card is not None
    assert card.kind == "button"
    assert card.body == "*عرض* جديد"
    assert card.header == "فرصة"
    assert card.buttons[0] == Reply("msg:d-1:approve", "approve")
    assert card.is_draft_card
    assert card.key == "msg:d-1:approve"


def test_an_opportunity_card_is_not_a_draft_card() -> None:
    card = Card.of(_buttons("opp:1:accept", "opp:1:skip", "opp:1:draft"))
    assert card is not None
    assert not card.is_draft_card


def test_a_list_reads_its_rows() -> None:
    payload = {
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": "اختر"},
            "action": {"button": "الخيارات", "sections": [{"rows": [{"id": "r1", "title": "أ"}]}]},
        },
    }
    card = Card.of(payload)
    assert card is not None
    assert card.rows == (Reply("r1", "أ"),)
    assert card.list_button == "الخيارات"
    assert card.reply_ids == ("r1",)


def test_anything_else_is_no_card() -> None:
    assert Card.of({"type": "text", "text": {"body": "hi"}}) is None
    assert Card.of("not json") is None
    assert Card.of({"type": "interactive", "interactive": "broken"}) is None


def test_the_button_count_counts_every_entry_well_formed_or_not() -> None:
    payload = _buttons("a", "b", "c")
    payload["interactive"]["action"]["buttons"].append({"type": "reply"})
    assert reply_button_ids(payload) == ["a", "b", "c", ""]
    assert len(Card.of(payload).buttons) == 3  # type: ignore[union-attr]
    assert reply_button_ids({"type": "text"}) == []


def test_a_list_keeps_its_sections_and_row_descriptions() -> None:
    payload = {
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": "b"},
            "action": {
                "button": "pick",
                "sections": [
                    {"title": "first", "rows": [{"id": "r1", "title": "a", "description": "one"}]},
                    {"title": "second", "rows": [{"id": "r2", "title": "b"}]},
                ],
            },
        },
    }
    card = Card.of(payload)
    assert card is not None
    assert [s.title for s in card.sections] == ["first", "second"]
    assert card.sections[0].rows == (Reply("r1", "a", "one"),)
    assert card.rows == (Reply("r1", "a", "one"), Reply("r2", "b"))
