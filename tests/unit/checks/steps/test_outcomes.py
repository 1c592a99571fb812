"""Then steps, each proven both ways: a correct target passes, a seeded defect fails."""

from __future__ import annotations

from tests.unit.checks.steps.scenario import check_report, outcome

pytest_plugins = ["pytester"]

COLD = "python:harness.examples.cold_outreach"


def test_nothing_was_sent_to_the_prospect_judges_the_prospects_sends(pytester) -> None:
    steps = """
        Given an opted-in operator who received the draft card for "opp-1"
        And the prospect wrote within the last 24 hours
        And live sending is on
        When the operator taps "approve" with a valid signature
        Then nothing was sent to the prospect
    """
    assert outcome(pytester, steps) == ("passed", "")
    failed, message = outcome(pytester, steps, target=COLD)
    assert failed == "failed"
    assert "went to the prospect" in message


def test_the_operator_received_one_draft_card_counts_exactly(pytester) -> None:
    steps = """
        Given an opted-in operator who received the opportunity card for "opp-2"
        When the operator's "draft" tap is delivered twice
        Then the operator received 1 draft card
    """
    assert outcome(pytester, steps, profile="replay")[0] == "passed"
    failed = outcome(
        pytester,
        steps,
        profile="replay",
        target="python:tests.sample_targets.duplicate_acted_twice",
    )
    assert failed == ("failed", "the operator received 2 draft cards; expected 1")


def test_the_challenge_is_judged_on_the_raw_answer(pytester, monkeypatch) -> None:
    steps = """
        When the harness sends the verify-token handshake with the right token
        Then the answer is 200 with exactly the challenge
    """
    monkeypatch.setenv("WHATSAPP_VERIFY_TOKEN", "00000000")
    assert outcome(pytester, steps, profile="webhook") == ("passed", "")


def test_a_card_that_never_came_fails_the_then_step_with_what_present_answered(pytester) -> None:
    steps = """
        Given an opted-in operator
        When the harness presents opportunity "opp-3" to the operator
        Then the operator received the opportunity card for "opp-3"
    """
    failed, message = outcome(pytester, steps, target="python:tests.sample_targets.card_never_sent")
    assert failed == "failed"
    assert 'present_opportunity answered {"status": "sent"}' in message


def test_a_meeting_draft_check_without_the_drafts_command_passes_only_in_part(pytester) -> None:
    steps = """
        Given an opted-in operator who received the opportunity card for "opp-4"
        And the prospect has opted in
        And live sending is on
        When the operator taps "schedule" with a valid signature
        Then nothing was sent to the prospect
        And no meeting draft was made
    """
    whole = check_report(pytester, steps)
    assert (whole["outcome"], whole["partial"]) == ("passed", "")
    part = check_report(pytester, steps, target="python:tests.sample_targets.no_drafts_command")
    assert part["outcome"] == "passed"
    assert "meeting drafts were not judged, only what was sent" in part["partial"]
