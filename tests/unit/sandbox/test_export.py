"""Exports: the transcript, and a .feature scenario that runs through the harness's own steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.sandbox import export
from harness.sandbox.session import SandboxSession
from tests.unit.sandbox.support import SECRETS, replay, sandbox, start_demo, tap

DEFECT = "python:tests.sample_targets.live_send_default_on"


def window_and_131047_session(session: SandboxSession) -> None:
    start_demo(session)
    tap(session, "رسالة")
    session.advance_clock(25)
    session.opt_in("prospect")
    session.set_live_send(True)
    session.add_fault(131047, "prospect")
    tap(session, "اعتماد")


def test_the_exported_scenario_says_the_session_in_the_step_vocabulary() -> None:
    with sandbox() as session:
        window_and_131047_session(session)
        text = export.feature(session)
    assert text.splitlines()[:2] == [
        "@profile:flow",
        "Feature: A session recorded in the wa-harness sandbox",
    ]
    steps = [line.strip() for line in text.splitlines() if line.startswith("    ")]
    assert steps[:5] == [
        "Given an opted-in operator",
        'And an opportunity "opp-1001"',
        'And the operator received the opportunity card for "opp-1001"',
        'When the operator taps "draft" with a valid signature',
        "Then the operator received a draft card to act on",
    ]
    # The clock moved for everyone, and the fault was for the next send only.
    assert "Given 25 hours pass" in steps
    assert "And the Graph API answers the next send to the prospect with 131047" in steps
    assert 'When the operator taps "approve" with a valid signature' in steps
    assert "And an alert with code 131047 was raised" in steps


def test_the_exported_scenario_replays_green(tmp_path: Path) -> None:
    with sandbox() as session:
        window_and_131047_session(session)
        text = export.feature(session)
    outcomes = replay(text, "python:harness.reference", tmp_path)
    assert outcomes["SBX-001"] == "passed"


@pytest.mark.slow
def test_a_rule_broken_by_hand_becomes_a_failing_check(tmp_path: Path) -> None:
    with sandbox(DEFECT) as session:
        start_demo(session)
        tap(session, "رسالة")
        session.opt_in("prospect")
        session.write("prospect", "مرحبا")
        tap(session, "اعتماد")
        text = export.feature(session)
    # The defect's own send is not written down as the expected outcome.
    assert "exactly 1 message was sent to the prospect" not in text
    # The rule's own expectation follows the tap that broke it.
    lines = [line.strip() for line in text.splitlines()]
    tapped = next(
        i for i, line in enumerate(lines) if line.endswith('taps "approve" with a valid signature')
    )
    assert lines[tapped + 1] == "Then nothing more was sent to the prospect"
    assert replay(text, DEFECT, tmp_path / "defect")["SBX-001"] == "failed"
    assert replay(text, "python:harness.reference", tmp_path / "fixed")["SBX-001"] == "passed"


def test_the_transcript_tells_each_step_and_hides_every_secret() -> None:
    with sandbox() as session:
        window_and_131047_session(session)
        text = export.transcript(session)
    assert "3. the operator tapped «رسالة» (opp:opp-1001:draft)" in text
    assert "[اعتماد msg:d-opp-1001:approve | تعديل msg:d-opp-1001:edit" in text
    assert "   alert: [131047] " in text
    assert "Rules broken: none" in text
    for secret in SECRETS.values():
        assert secret not in text
