"""Forged taps (the negative battery's ids and senders) are judged at the battery's levels,
and allowed whatever the design allows: a notice to the operator, a send owed earlier."""

from __future__ import annotations

from harness.checks.judgments import LAWS
from harness.checks.ledger import Ledger
from harness.checks.step_seen import StepSeen
from harness.fake_graph import SendAttempt
from tests.explore.test_judgments import (
    DRAFT_IDS,
    DRAFT_TEXT,
    OPERATOR,
    PROSPECT,
    STRANGER,
    card,
    send,
    tap,
    text,
    world,
)


def forged(
    ledger: Ledger, rule: str, reply_id: str, sends: list[SendAttempt], *, by: str = OPERATOR
) -> list[str]:
    step = StepSeen(
        "forged",
        sends,
        prospect=PROSPECT,
        tapper=frozenset({by}),
        card=1,
        reply_id=reply_id,
        answer=200,
        forgery=(rule, "a forged tap"),
    )
    return [b.rule_id for b in ledger.judge(step)]


def test_the_rules_have_the_battery_levels_and_lines() -> None:
    # NEG-006/NEG-007 (MUST), NEG-008 (SHOULD), NEG-009 (SHOULD), HSK-003 (SHOULD).
    assert (LAWS["EXP-017"].level, LAWS["EXP-017"].lines) == ("MUST", ("X2", "D5", "D3"))
    assert (LAWS["EXP-018"].level, LAWS["EXP-018"].lines) == ("SHOULD", ("X2",))
    assert (LAWS["EXP-019"].level, LAWS["EXP-019"].lines) == ("SHOULD", ("D5", "S6"))
    assert (LAWS["EXP-020"].level, LAWS["EXP-020"].lines) == ("SHOULD", ("S1",))


def test_a_forged_id_that_sends_the_draft_breaks_its_rule_alone() -> None:
    # Not also EXP-001: the forgery is the cause, judged at its own level.
    sent = forged(world(), "EXP-018", " msg:d-1:approve ", [send(PROSPECT, text(DRAFT_TEXT))])
    assert sent == ["EXP-018"]


def test_a_forged_id_that_brings_a_card_breaks_its_rule() -> None:
    sent = forged(world(), "EXP-017", "msg:d-1:approve:x", [send(OPERATOR, card(DRAFT_IDS, "b"))])
    assert sent == ["EXP-017"]


def test_a_forged_tap_may_bring_the_operator_a_notice() -> None:
    ledger = world()
    assert forged(ledger, "EXP-017", "msg:d-1", [send(OPERATOR, text("زر غير معروف"))]) == []


def test_a_send_an_earlier_approval_owes_may_come_during_a_forged_tap() -> None:
    # Answered first, acted later: the approved draft arrives in the next step.
    ledger = world()
    assert tap(ledger, DRAFT_IDS[0], []) == []
    late = [send(PROSPECT, text(DRAFT_TEXT))]
    assert forged(ledger, "EXP-019", DRAFT_IDS[0], late, by=STRANGER) == []
    # Once: a second one is the forgery's doing.
    assert forged(ledger, "EXP-019", DRAFT_IDS[0], late, by=STRANGER) == ["EXP-019"]


def test_a_close_sender_may_get_an_answer_but_no_card() -> None:
    ledger = world()
    ledger.opt_in([STRANGER])
    answer = [send(STRANGER, text("هذه البطاقة ليست لك"))]
    assert forged(ledger, "EXP-019", DRAFT_IDS[1], answer, by=STRANGER) == []
    again = [send(OPERATOR, card(DRAFT_IDS, DRAFT_TEXT))]
    assert forged(ledger, "EXP-019", DRAFT_IDS[1], again, by=STRANGER) == ["EXP-019"]


def test_a_forged_tap_grants_and_revokes_nothing() -> None:
    ledger = world()
    # A close sender's cancel does not withdraw the operator's draft.
    assert forged(ledger, "EXP-019", DRAFT_IDS[2], [], by=STRANGER) == []
    assert tap(ledger, DRAFT_IDS[0], [send(PROSPECT, text(DRAFT_TEXT))]) == []


def test_only_subscribe_has_the_challenge_echoed() -> None:
    def judged(echoed: bool, leaked: bool) -> list[str]:
        step = StepSeen("handshake", handshake=(False, echoed, leaked), wrong_mode=True)
        return [b.rule_id for b in Ledger().judge(step)]

    assert judged(False, False) == []
    assert judged(True, True) == ["EXP-020"]
