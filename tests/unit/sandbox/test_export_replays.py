"""An exported session replays: green on the build it was recorded on when no rule broke; a
bug found by hand fails its buggy build and passes the fixed one, and correct builds made
differently (acting after the answer, replying by BSUID) pass it too."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.sandbox import export, views
from harness.sandbox.session import SandboxSession
from tests.unit.sandbox.support import card_with, replay, sandbox, start_demo, tap

REFERENCE = "python:harness.reference"
COLD = "python:harness.examples.cold_outreach"
ANYONE = "python:tests.sample_targets.anyone_may_approve"
ASYNC = "python:tests.sample_targets.async_reference"


def audit_session(session: SandboxSession) -> None:
    """Three opportunities about one prospect: blocked, 131047, a time jump, a 130429, a 200."""
    start_demo(session)
    tap(session, "رسالة")
    tap(session, "اعتماد")  # blocked: live sending unset, prospect not opted in
    session.opt_in("prospect")
    session.set_live_send(True)
    tap(session, "اعتماد")  # 131047: the prospect never wrote
    session.advance_clock(25)
    session.write("operator", "صباح الخير")
    session.add_fault(130429, "prospect")
    session.present()
    tap(session, "رسالة")
    session.write("prospect", "مرحبا")
    tap(session, "اعتماد")  # 130429: the fault fires, and is spent
    session.present()
    tap(session, "رسالة")
    tap(session, "اعتماد")  # 200: the next send after the fault goes through


def test_the_audit_session_says_what_the_tester_did() -> None:
    with sandbox() as session:
        audit_session(session)
        text = export.feature(session)
        alerts = [a.get("code") for a in views.state(session)["alerts"]]
    steps = [line.strip() for line in text.splitlines() if line.startswith("    ")]
    assert alerts == [None, 131047, 130429]
    assert 'And opportunity "opp-1002" is about the same prospect as "opp-1001"' in steps
    assert 'Given opportunity "opp-1003" is about the same prospect as "opp-1001"' in steps
    assert steps.count("Given the prospect has opted in") == 1
    assert "Given 25 hours pass" in steps
    assert 'When a text "صباح الخير" arrives from the operator' in steps
    assert "Given the Graph API answers the next send to the prospect with 130429" in steps
    assert "Then exactly 2 message was sent to the prospect" in steps
    assert not any("every send" in s or "last wrote" in s for s in steps)


@pytest.mark.parametrize(
    "target",
    [
        REFERENCE,
        # Every "nothing happened" waits out the window: a whole run's worth of waiting.
        pytest.param("python:tests.sample_targets.async_reference", marks=pytest.mark.slow),
        "python:tests.sample_targets.bsuid_replies",
    ],
)
def test_a_clean_session_replays_green(target: str, tmp_path: Path) -> None:
    with sandbox() as session:
        audit_session(session)
        assert views.state(session)["findings"] == []
        text = export.feature(session)
    assert replay(text, target, tmp_path)["SBX-001"] == "passed"


def test_a_cold_outreach_session_fails_the_bug_and_passes_the_fix(tmp_path: Path) -> None:
    with sandbox(COLD) as session:
        start_demo(session)
        tap(session, "رسالة")
        session.set_live_send(True)
        tap(session, "اعتماد")
        findings = [f["check_id"] for f in views.state(session)["findings"]]
        alerts = [a.get("code") for a in views.state(session)["alerts"]]
        text = export.feature(session)
    # The illegal send got a 131047 and an alert; neither is what the design requires.
    assert findings == ["INV-003"]
    assert alerts == [131047]
    assert "131047" not in text
    assert "Then nothing more was sent to the prospect" in text
    assert replay(text, COLD, tmp_path / "bug")["SBX-001"] == "failed"
    assert replay(text, REFERENCE, tmp_path / "fix")["SBX-001"] == "passed"


def test_a_strangers_tap_is_played_and_exported(tmp_path: Path) -> None:
    with sandbox(ANYONE) as session:
        start_demo(session)
        tap(session, "رسالة")
        session.opt_in("prospect")
        session.write("prospect", "مرحبا")
        session.set_live_send(True)
        session.opt_in("stranger")
        card = card_with(session, "اعتماد")
        approve = next(b for b in card["buttons"] if b["title"] == "اعتماد")
        session.tap("stranger", approve["id"], "اعتماد", context_id=card["wamid"])
        findings = [f["check_id"] for f in views.state(session)["findings"]]
        text = export.feature(session)
    assert findings == ["FLW-023"]
    assert 'When another opted-in number taps "approve" on the operator\'s card' in text
    assert replay(text, ANYONE, tmp_path / "bug")["SBX-001"] == "failed"
    assert replay(text, REFERENCE, tmp_path / "fix")["SBX-001"] == "passed"


def test_a_fault_for_the_operator_and_one_for_anyone_are_next_sends_too(tmp_path: Path) -> None:
    with sandbox() as session:
        session.add_fault(131000, None)
        start_demo(session)  # the card fails with 131000 and is spent
        session.add_fault(131026, "operator")
        session.present()  # accepted, then a failed status 131026
        session.present()  # goes through
        faults = session.state()["faults"]
        text = export.feature(session)
    assert [(f["code"], f["armed"]) for f in faults] == [(131000, False), (131026, False)]
    assert "Given the Graph API answers the next send to anyone with 131000" in text
    assert "Given the Graph API answers the next send to the operator with 131026" in text
    assert replay(text, REFERENCE, tmp_path)["SBX-001"] == "passed"


def test_people_are_replayed_as_they_were(tmp_path: Path) -> None:
    """An operator who opted in late, and a second prospect with an opt-in of their own."""
    with sandbox() as session:
        session.present()  # the operator has not opted in: no card
        session.opt_in("operator")
        session.present()
        other = {**session.opportunity_maker.draft()}
        other["prospect"] = {"name": "سارة العتيبي", "wa_id": "966511112222"}
        session.present(other)
        session.opt_in("prospect")
        session.write("prospect", "أهلاً")
        tap(session, "رسالة")
        session.set_live_send(True)
        tap(session, "اعتماد")
        findings = views.state(session)["findings"]
        text = export.feature(session)
    steps = [line.strip() for line in text.splitlines() if line.startswith("    ")]
    assert findings == []
    assert steps[:5] == [
        'Given an opportunity "opp-1001"',
        "And an operator who has not opted in",
        'When the harness presents opportunity "opp-1001" to the operator',
        "Then an alert was raised",
        "Given the operator has opted in",
    ]
    assert 'And opportunity "opp-1002" is about the same prospect as "opp-1001"' in steps
    # Someone else: a new person, whose opt-in is their own.
    assert 'And an opportunity "opp-1003"' in steps
    assert "Then exactly 1 message was sent to the prospect" in steps
    assert replay(text, REFERENCE, tmp_path)["SBX-001"] == "passed"


@pytest.mark.slow
def test_a_session_on_a_build_that_acts_after_answering_records_what_each_step_caused(
    tmp_path: Path,
) -> None:
    """Sends 100-300 ms after the 200 still belong to the tap that caused them."""
    with sandbox(ASYNC) as session:
        audit_session(session)
        taps = [m for m in views.state(session)["phones"]["operator"] if m["from"] == "user"]
        text = export.feature(session)
    assert [m["effect"] for m in taps][:3] == ["1 send", "1 alert", "1 send, 1 alert"]
    assert replay(text, ASYNC, tmp_path / "async")["SBX-001"] == "passed"
    assert replay(text, REFERENCE, tmp_path / "reference")["SBX-001"] == "passed"
