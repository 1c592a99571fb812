"""The sandbox session against real implementations: cards, taps, the world, live judgments."""

from __future__ import annotations

import re

import pytest
import requests

from harness.errors import TargetError, UsageError
from harness.sandbox import views
from tests.unit.sandbox.support import SECRETS, card_with, sandbox, start_demo, tap

DRAFT_CARD_TITLES = ["اعتماد", "تعديل", "إلغاء"]


def test_the_demo_start_shows_the_opportunity_card_with_its_ticks() -> None:
    with sandbox() as session:
        start_demo(session)
        card = card_with(session, "رسالة")
    assert [b["title"] for b in card["buttons"]] == ["قبول", "تخطي", "رسالة"]
    assert card["kind"] == "buttons"
    # sent, delivered and read went to the implementation as signed webhooks; the last wins.
    assert card["tick"] == "read"


def test_tapping_the_message_button_brings_the_draft_card() -> None:
    with sandbox() as session:
        start_demo(session)
        tap(session, "رسالة")
        phone = views.state(session)["phones"]["operator"]
    assert phone[-2] == {
        "from": "user",
        "kind": "button_reply",
        "text": "رسالة",
        "id": phone[-2]["id"],
        "webhook_status": 200,
        "effect": "1 send",
        "time": phone[-2]["time"],
        "day": 0,
    }
    assert re.fullmatch(r"\d\d:\d\d", phone[-2]["time"])
    assert [b["title"] for b in phone[-1]["buttons"]] == DRAFT_CARD_TITLES


def test_leaving_the_window_and_a_131047_reach_the_alerts() -> None:
    with sandbox() as session:
        start_demo(session)
        tap(session, "رسالة")
        session.advance_clock(25)
        session.opt_in("prospect")
        session.set_live_send(True)
        session.add_fault(131047, "prospect")
        tap(session, "اعتماد")
        state = views.state(session)
    prospect = state["world"]["people"]["prospect"]
    assert prospect["opted_in"] is True
    assert prospect["window"] == {"open": False, "hours_left": 0.0}
    assert [a["code"] for a in state["alerts"]] == [131047]
    jump, draft = state["phones"]["prospect"]
    assert (jump["from"], jump["text"]) == ("system", "⏩ 25 h later")
    assert (draft["kind"], draft["tick"]) == ("text", "failed")
    assert draft["error"].startswith("131047")
    assert state["findings"] == []


def test_the_24_hour_window_is_shown_as_it_closes() -> None:
    with sandbox() as session:
        session.opt_in("operator")
        before = session.state()["people"]["operator"]["window"]
        session.advance_clock(25)
        after = session.state()["people"]["operator"]["window"]
    assert before == {"open": True, "hours_left": 24.0}
    assert after == {"open": False, "hours_left": 0.0}


def test_a_correct_implementation_breaks_no_rule() -> None:
    with sandbox() as session:
        start_demo(session)
        tap(session, "رسالة")
        session.opt_in("prospect")
        session.write("prospect", "نعم، أرسل التفاصيل")
        tap(session, "اعتماد")
        findings = views.state(session)["findings"]
    assert findings == []


def test_a_fourth_button_is_judged_live_as_the_invariant_checks_judge_it() -> None:
    with sandbox("python:tests.sample_targets.four_buttons") as session:
        start_demo(session)
        findings = views.state(session)["findings"]
        journal = views.state(session)["journal"]
    assert {f["check_id"] for f in findings} == {"INV-001", "INV-002"}
    assert journal[0]["accepted"] is False
    assert journal[0]["violations"]


def test_a_send_to_the_prospect_with_live_sending_off_is_a_broken_rule() -> None:
    with sandbox("python:tests.sample_targets.live_send_default_on") as session:
        start_demo(session)
        tap(session, "رسالة")
        session.opt_in("prospect")
        session.write("prospect", "مرحبا")
        tap(session, "اعتماد")
        findings = views.state(session)["findings"]
    assert [f["check_id"] for f in findings] == ["FLW-012"]
    assert "while live sending was off" in findings[0]["text"]


def test_a_send_to_a_number_that_did_not_opt_in_is_a_broken_rule() -> None:
    with sandbox("python:tests.sample_targets.cold_outreach") as session:
        start_demo(session)
        tap(session, "رسالة")
        session.set_live_send(True)
        session.write("prospect", "مرحبا")
        tap(session, "اعتماد")
        findings = views.state(session)["findings"]
    assert "INV-003" in {f["check_id"] for f in findings}


def test_a_list_row_can_be_chosen_and_a_text_typed() -> None:
    with sandbox() as session:
        session.opt_in("operator")
        session.write("operator", "مرحبا")
        session.choose("operator", "row-1", "الخيار الأول")
        phone = views.state(session)["phones"]["operator"]
    assert [(m["kind"], m["text"], m["webhook_status"]) for m in phone] == [
        ("text", "مرحبا", 200),
        ("list_reply", "الخيار الأول", 200),
    ]


@pytest.mark.parametrize(
    ("act", "says"),
    [
        (lambda s: s.present({"id": "x"}), "needs a non-empty title"),
        (lambda s: s.add_fault(999), "no fault for code 999"),
        (lambda s: s.advance_clock(0), "positive number of hours"),
        (lambda s: s.write("operator", "  "), "type a message first"),
        (lambda s: s.opt_in("nobody"), "role must be one of"),
    ],
)
def test_bad_input_is_a_usage_error_that_says_what_to_do(act, says: str) -> None:
    with sandbox() as session, pytest.raises(UsageError, match=says):
        act(session)


def test_a_target_without_an_app_cannot_be_played() -> None:
    with (
        pytest.raises(TargetError, match="needs a web app"),
        sandbox("python:harness.reference.cards"),
    ):
        pass


def test_another_tool_can_tap_through_the_sandboxs_own_fake() -> None:
    with sandbox() as session:
        start_demo(session)
        card = card_with(session, "رسالة")
        draft = next(b for b in card["buttons"] if b["title"] == "رسالة")
        answer = requests.post(
            session.graph_url + "/_harness/inbound",
            json={"type": "button_reply", "from": session.operator.wa_id, **draft},
            headers={"Authorization": f"Bearer {SECRETS['access_token']}"},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["webhook_status"] == 200
        assert [b["title"] for b in card_with(session, "اعتماد")["buttons"]] == DRAFT_CARD_TITLES
