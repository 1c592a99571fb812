"""Step-1 and step-2 cards: shape, Cloud API limits, stable ids."""

from __future__ import annotations

import pytest

from harness.reference import build_draft_card, build_opportunity_card, parse_button_reply
from harness.reference.cards import build_text_message

from .support import OPPORTUNITY


def buttons(card: dict) -> list[dict]:
    return card["interactive"]["action"]["buttons"]


def ids(card: dict) -> list[str]:
    return [button["reply"]["id"] for button in buttons(card)]


def titles(card: dict) -> list[str]:
    return [button["reply"]["title"] for button in buttons(card)]


def tapped(reply_id: str) -> dict:
    return {
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": reply_id, "title": "x"}},
    }


DRAFT = {"id": "d-opp-7", "opportunity_id": "opp-7", "text": "مرحباً سارة، نتواصل معك."}


def test_opportunity_card_is_the_partial_interactive_form():
    card = build_opportunity_card(OPPORTUNITY)

    assert set(card) == {"type", "interactive"}
    assert card["type"] == "interactive"
    assert card["interactive"]["type"] == "button"
    assert all(button["type"] == "reply" for button in buttons(card))


def test_opportunity_card_has_the_three_arabic_buttons_and_ids():
    card = build_opportunity_card(OPPORTUNITY)
    oid = OPPORTUNITY["id"]

    assert titles(card) == ["قبول", "تخطي", "رسالة"]
    assert ids(card) == [f"opp:{oid}:accept", f"opp:{oid}:skip", f"opp:{oid}:draft"]


def test_draft_card_has_the_three_arabic_buttons_and_ids():
    card = build_draft_card(DRAFT)

    assert titles(card) == ["اعتماد", "تعديل", "إلغاء"]
    assert ids(card) == ["msg:d-opp-7:approve", "msg:d-opp-7:edit", "msg:d-opp-7:cancel"]
    assert card["interactive"]["body"]["text"] == DRAFT["text"]


@pytest.mark.parametrize("card", [build_opportunity_card(OPPORTUNITY), build_draft_card(DRAFT)])
def test_titles_are_short_unique_and_non_empty(card):
    assert len(buttons(card)) == 3
    assert all(1 <= len(title) <= 20 for title in titles(card))
    assert len(set(titles(card))) == 3
    assert len(set(ids(card))) == 3


def test_body_is_built_from_title_company_and_summary():
    body = build_opportunity_card(OPPORTUNITY)["interactive"]["body"]["text"]

    for part in ("title", "company", "summary"):
        assert OPPORTUNITY[part] in body


def test_long_summary_is_truncated_to_1024_code_points():
    opportunity = {**OPPORTUNITY, "summary": "ملخص طويل جداً " * 200}

    body = build_opportunity_card(opportunity)["interactive"]["body"]["text"]

    assert len(body) == 1024
    assert body.startswith(f"*{OPPORTUNITY['title']}*")
    assert body.endswith("…")


def test_long_draft_text_is_truncated_to_1024_code_points():
    card = build_draft_card({**DRAFT, "text": "ن" * 5000})

    assert len(card["interactive"]["body"]["text"]) == 1024


@pytest.mark.parametrize("blank", [{"title": "", "company": "", "summary": ""}, {}])
def test_body_is_never_empty(blank):
    opportunity = {"id": "opp-1", **blank}

    assert build_opportunity_card(opportunity)["interactive"]["body"]["text"].strip()
    assert build_draft_card({"id": "d-1", "text": "   "})["interactive"]["body"]["text"].strip()


def test_ids_are_stable_and_distinct_between_opportunities():
    first = build_opportunity_card(OPPORTUNITY)
    again = build_opportunity_card({**OPPORTUNITY, "title": "عنوان آخر"})
    other = build_opportunity_card({**OPPORTUNITY, "id": "opp-2024-رياض-8"})

    assert ids(first) == ids(again)
    assert not set(ids(first)) & set(ids(other))


@pytest.mark.parametrize("length", [240, 243, 244, 300, 5000])
def test_long_opportunity_ids_stay_within_256_and_round_trip(length):
    oid = "ف" * length
    card = build_opportunity_card({**OPPORTUNITY, "id": oid})

    assert all(len(reply_id) <= 256 for reply_id in ids(card))
    assert ids(card) == ids(build_opportunity_card({**OPPORTUNITY, "id": oid}))
    for reply_id, action in zip(ids(card), ("accept", "skip", "draft"), strict=True):
        assert parse_button_reply(tapped(reply_id)) == {
            "kind": "opportunity",
            "action": action,
            "opportunity_id": oid,
        }


def test_long_ids_that_differ_only_at_the_end_get_distinct_reply_ids():
    first = build_opportunity_card({**OPPORTUNITY, "id": "x" * 400 + "1"})
    second = build_opportunity_card({**OPPORTUNITY, "id": "x" * 400 + "2"})

    assert not set(ids(first)) & set(ids(second))


def test_long_draft_ids_stay_within_256_and_round_trip():
    draft_id = "d-" + "٣" * 600
    card = build_draft_card({**DRAFT, "id": draft_id})

    assert all(len(reply_id) <= 256 for reply_id in ids(card))
    assert parse_button_reply(tapped(ids(card)[0])) == {
        "kind": "draft",
        "action": "approve",
        "draft_id": draft_id,
    }


def test_missing_id_is_rejected_clearly():
    with pytest.raises(ValueError, match="non-empty 'id'"):
        build_opportunity_card({"title": "x"})


def test_text_message_is_cut_to_the_text_limit():
    message = build_text_message("م" * 5000)

    assert message["type"] == "text"
    assert len(message["text"]["body"]) == 4096
