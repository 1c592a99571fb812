"""The ledger judges what the design forbids and allows what it allows: extra
confirmations to the operator, acting after answering, approval by the card's operator."""

from __future__ import annotations

import json
from typing import Any

from harness.checks.judgments import RULES
from harness.checks.ledger import Ledger
from harness.checks.step_seen import StepSeen
from harness.fake_graph import SendAttempt

OPERATOR, STRANGER, PROSPECT = "966500000001", "966500000002", "966500000003"
DRAFT_TEXT = "مرحباً سارة، نتواصل معك بخصوص فرصة توريد."
_index = iter(range(1000))


def send(to: str, payload: dict[str, Any], *, accepted: bool = True) -> SendAttempt:
    body = json.dumps({"to": to, **payload}, ensure_ascii=False)
    return SendAttempt(
        index=next(_index),
        method="POST",
        path="/v21.0/1/messages",
        recipient=to,
        payload=payload,
        raw_body=body,
        status=200 if accepted else 400,
        response={} if accepted else {"error": {"code": 130429}},
        at=0.0,
        accepted=accepted,
        wamid="wamid.x" if accepted else None,
    )


def card(ids: list[str], body: str) -> dict[str, Any]:
    buttons = [{"type": "reply", "reply": {"id": i, "title": i[-6:]}} for i in ids]
    return {
        "type": "interactive",
        "interactive": {"type": "button", "body": {"text": body}, "action": {"buttons": buttons}},
    }


def text(body: str) -> dict[str, Any]:
    return {"type": "text", "text": {"body": body}}


DRAFT_IDS = ["msg:d-1:approve", "msg:d-1:edit", "msg:d-1:cancel"]


def world(*, live: bool = True, prospect_in: bool = True) -> Ledger:
    """An operator who received the draft card of the prospect's opportunity (card 1)."""
    ledger = Ledger()
    ledger.opt_in([OPERATOR] + ([PROSPECT] if prospect_in else []))
    ledger.live = live
    ledger.prospects.add(PROSPECT)
    got = ledger.judge(
        StepSeen("tap", [send(OPERATOR, card(DRAFT_IDS, DRAFT_TEXT))], prospect=PROSPECT)
    )
    assert got == []
    return ledger


def tap(
    ledger: Ledger,
    reply_id: str,
    sends: list[SendAttempt],
    *,
    by: str = OPERATOR,
    alerts: list[int | None] | None = None,
) -> list[str]:
    step = StepSeen(
        "tap",
        sends,
        prospect=PROSPECT,
        tapper=frozenset({by}),
        card=1,
        reply_id=reply_id,
        answer=200,
        new_alert_codes=alerts or [],
    )
    step.refused = ledger.approval(step) == "refuse"
    return [b.rule_id for b in ledger.judge(step)]


def test_an_approved_draft_reaches_the_prospect_once() -> None:
    ledger = world()
    assert tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))]) == []
    assert tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))]) == ["EXP-002"]


def test_the_send_may_come_a_step_after_the_approval_and_with_a_confirmation() -> None:
    ledger = world()
    # Answered first: nothing in the approve step itself, a confirmation to the operator.
    assert tap(ledger, DRAFT_IDS[0], [send(OPERATOR, text("تم الإرسال"))]) == []
    late = StepSeen("opt_in", [send(PROSPECT, text(DRAFT_TEXT))])
    assert ledger.judge(late) == []


def test_an_approval_by_someone_else_earns_no_send() -> None:
    ledger = world()
    ledger.opt_in([STRANGER])
    sent = tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))], by=STRANGER)
    assert sorted(sent) == ["EXP-001", "EXP-012"]


def test_a_stranger_may_get_an_answer_but_no_card() -> None:
    ledger = world()
    ledger.opt_in([STRANGER])
    assert (
        tap(ledger, DRAFT_IDS[1], [send(STRANGER, text("هذه البطاقة ليست لك"))], by=STRANGER) == []
    )
    assert tap(
        ledger, DRAFT_IDS[1], [send(OPERATOR, card(DRAFT_IDS, DRAFT_TEXT))], by=STRANGER
    ) == ["EXP-012"]


def test_the_prospect_gets_only_the_text_the_operator_saw() -> None:
    ledger = world()
    assert tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text("عرض آخر تماماً"))]) == ["EXP-002"]


def test_cancel_revokes_until_a_new_card_reopens_the_draft() -> None:
    ledger = world()
    assert tap(ledger, DRAFT_IDS[2], []) == []
    assert tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))]) == ["EXP-001"]
    ledger.judge(StepSeen("tap", [send(OPERATOR, card(DRAFT_IDS, DRAFT_TEXT))], prospect=PROSPECT))
    assert tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))]) == []


def test_with_live_sending_off_an_approval_owes_an_alert_and_no_send() -> None:
    assert tap(world(live=False), DRAFT_IDS[0], [], alerts=[None]) == []
    assert tap(world(live=False), DRAFT_IDS[0], []) == ["EXP-011"]
    sent = tap(world(live=False), DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))], alerts=[None])
    assert sent == ["EXP-001"]


def test_a_draft_card_handed_on_may_be_ignored_silently_but_never_sends() -> None:
    # The opportunity went to a new operator, who took its draft up (card 2): the former
    # operator's approval on card 1 is a stale card's. Ignoring it needs no alert; acting
    # on it with live sending off is still a send nobody approved.
    for acted in ([], [send(PROSPECT, text(DRAFT_TEXT))]):
        ledger = world(live=False)
        ledger.opt_in([STRANGER])
        handed_on = StepSeen(
            "tap", [send(STRANGER, card(DRAFT_IDS, DRAFT_TEXT))], prospect=PROSPECT
        )
        assert ledger.judge(handed_on) == []
        assert tap(ledger, DRAFT_IDS[0], acted) == ([] if not acted else ["EXP-001"])


def test_a_prospect_not_opted_in_is_never_sent_to() -> None:
    sent = tap(
        world(prospect_in=False), DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))], alerts=[None]
    )
    assert sorted(sent) == ["EXP-001", "INV-003"]


def test_the_invariant_checks_and_the_ledger_share_one_rule_list() -> None:
    ledger = Ledger()
    ledger.opt_in([OPERATOR])
    four = card(["a:1", "a:2", "a:3", "a:4"], "x")
    found = {b.rule_id for b in ledger.judge(StepSeen("present", [send(OPERATOR, four)]))}
    assert "INV-001" in found
    assert "INV-001" in {r.check_id for r in RULES}


def test_after_a_reset_only_a_newer_card_makes_an_old_tap_act() -> None:
    ledger = world()
    ledger.reset()
    ledger.opt_in([OPERATOR, PROSPECT])
    ledger.live = True
    # The implementation forgot the draft: sending it now was not approved.
    assert tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))]) == ["EXP-001"]
    ledger = world()
    ledger.reset()
    ledger.opt_in([OPERATOR, PROSPECT])
    ledger.live = True
    ledger.judge(StepSeen("tap", [send(OPERATOR, card(DRAFT_IDS, DRAFT_TEXT))], prospect=PROSPECT))
    # The same ids on a card sent since: a tap on the old card is one on the new.
    assert tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))]) == []


def test_a_reset_puts_live_sending_back_to_its_default() -> None:
    ledger = world()
    ledger.reset()
    ledger.opt_in([OPERATOR, PROSPECT])
    ledger.judge(StepSeen("tap", [send(OPERATOR, card(DRAFT_IDS, DRAFT_TEXT))], prospect=PROSPECT))
    assert tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))], alerts=[None]) == [
        "EXP-001"
    ]


def test_a_tap_delivered_twice_at_once_brings_its_card_once() -> None:
    draft = card(DRAFT_IDS, DRAFT_TEXT)

    def judged(*sends: SendAttempt) -> list[str]:
        ledger = Ledger()
        ledger.opt_in([OPERATOR])
        return [b.rule_id for b in ledger.judge(StepSeen("tap", list(sends), copies=2))]

    assert judged(send(OPERATOR, draft), send(OPERATOR, text("تم"))) == []
    assert judged(send(OPERATOR, draft), send(OPERATOR, draft)) == ["EXP-004"]
    # A card refused by the Graph API and sent again is a retry, not a second action.
    assert judged(send(OPERATOR, draft, accepted=False), send(OPERATOR, draft)) == []


def test_only_the_configured_verify_token_has_the_challenge_echoed() -> None:
    def judged(right: bool, echoed: bool, leaked: bool) -> list[str]:
        return [
            b.rule_id
            for b in Ledger().judge(StepSeen("handshake", handshake=(right, echoed, leaked)))
        ]

    assert judged(True, True, True) == []
    assert judged(True, False, False) == ["EXP-014"]
    assert judged(False, False, False) == []
    assert judged(False, False, True) == ["EXP-014"]


OPPORTUNITY_IDS = ["opp:o-1:accept", "opp:o-1:skip", "opp:o-1:draft"]


def _schedule_after(*replies: str) -> list[str]:
    """Rules broken by a meeting draft recorded on card 1 after the operator's ``replies``."""
    ledger = Ledger()
    ledger.opt_in([OPERATOR])
    ledger.judge(
        StepSeen("present", [send(OPERATOR, card(OPPORTUNITY_IDS, "b"))], prospect=PROSPECT)
    )
    operator = frozenset({OPERATOR})
    for reply in replies:
        ledger.judge(StepSeen("tap", [], tapper=operator, card=1, reply_id=reply, answer=200))
    schedule = StepSeen(
        "schedule", [], tapper=operator, card=1, reply_id="opp:o-1:schedule", meetings=(0, 1)
    )
    return [b.rule_id for b in ledger.judge(schedule)]


def test_a_meeting_draft_needs_intent_first() -> None:
    assert _schedule_after() == ["EXP-013"]
    assert _schedule_after(OPPORTUNITY_IDS[1]) == ["EXP-013"]


def test_a_skip_after_a_draft_may_leave_its_intent_standing() -> None:
    # The design asks for accept or draft before a meeting draft and does not say that a
    # later skip withdraws that intent: a target may record the meeting, or refuse it.
    assert _schedule_after(OPPORTUNITY_IDS[2], OPPORTUNITY_IDS[1]) == []


def test_a_skip_after_a_draft_leaves_its_approval_to_the_target() -> None:
    # The design does not say that a skip withdraws a draft already offered: its approval
    # may be honoured, or ignored without an alert; a refusal it then owes none.
    def approved_after_skip(sends: list[SendAttempt], *, live: bool = True) -> list[str]:
        ledger = world(live=live)
        ledger.judge(
            StepSeen("present", [send(OPERATOR, card(OPPORTUNITY_IDS, "b"))], prospect=PROSPECT)
        )
        skip = StepSeen(
            "tap", [], tapper=frozenset({OPERATOR}), card=2, reply_id=OPPORTUNITY_IDS[1]
        )
        assert ledger.judge(skip) == []
        return tap(ledger, DRAFT_IDS[0], sends)

    assert approved_after_skip([send(PROSPECT, text(DRAFT_TEXT))]) == []
    assert approved_after_skip([]) == []
    assert approved_after_skip([], live=False) == []
    assert approved_after_skip([send(PROSPECT, text(DRAFT_TEXT))], live=False) == ["EXP-001"]


def _presented(sends: list[SendAttempt], *, alerts: list[int | None] | None = None) -> list[str]:
    """Rules broken by presenting opportunity "o-1" to the opted-in operator, twice."""
    ledger = Ledger()
    ledger.opt_in([OPERATOR])
    first = StepSeen(
        "present", sends, opportunity="o-1", to=frozenset({OPERATOR}), new_alert_codes=alerts or []
    )
    again = StepSeen("present", [], opportunity="o-1", to=frozenset({OPERATOR}))
    return [b.rule_id for b in ledger.judge(first) + ledger.judge(again)]


def test_a_presented_opportunity_owes_its_operator_a_card_or_an_alert() -> None:
    assert _presented([]) == ["EXP-015"]
    assert _presented([send(OPERATOR, card(OPPORTUNITY_IDS, "b"))]) == []
    # Refused by Meta is still attempted: the failure is EXP-007's to judge.
    assert _presented([send(OPERATOR, card(OPPORTUNITY_IDS, "b"), accepted=False)]) == []
    assert _presented([], alerts=[None]) == []


def test_no_card_is_owed_to_an_operator_not_opted_in() -> None:
    ledger = Ledger()
    step = StepSeen("present", [], opportunity="o-1", to=frozenset({OPERATOR}))
    assert ledger.judge(step) == []


def test_a_signed_empty_body_may_be_refused_but_not_crash_or_send() -> None:
    def judged(answer: int, sends: list[SendAttempt]) -> list[str]:
        ledger = Ledger()
        ledger.opt_in([OPERATOR])
        step = StepSeen("empty_body", sends, empty_answer=answer)
        return [b.rule_id for b in ledger.judge(step)]

    assert judged(200, []) == []
    assert judged(400, []) == []
    assert judged(500, []) == ["EXP-016"]
    assert judged(200, [send(OPERATOR, text("?"))]) == ["EXP-016"]


def test_a_new_card_offering_the_same_approval_may_be_approved_again() -> None:
    # A re-presented opportunity's new draft card carries the same (stable) ids: the
    # operator who approves it again approved again. The same card approved twice did not.
    ledger = world()
    assert tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))]) == []
    assert tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))]) == ["EXP-002"]
    ledger.judge(StepSeen("tap", [send(OPERATOR, card(DRAFT_IDS, DRAFT_TEXT))], prospect=PROSPECT))
    assert tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))]) == []
