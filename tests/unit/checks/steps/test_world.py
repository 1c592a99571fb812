"""Given steps: setups that fail are blocked by their cause; unknown values are refused."""

from __future__ import annotations

from tests.unit.checks.steps.scenario import outcome

pytest_plugins = ["pytester"]


def test_a_failed_given_is_blocked_naming_its_cause(pytester) -> None:
    steps = """
        Given an opted-in operator who received the opportunity card for "opp-1"
        When the operator taps "draft" with a valid signature
        Then the operator received a draft card
    """
    error, message = outcome(pytester, steps, target="python:tests.sample_targets.card_never_sent")
    assert error == "error"
    assert message == (
        "blocked: no opportunity card reached the operator: "
        "the implementation attempted no send to the operator"
    )


def test_any_fault_code_of_the_catalogue_is_a_given(pytester) -> None:
    steps = """
        Given an opted-in operator who received the draft card for "opp-2"
        And the prospect has opted in
        And the prospect wrote within the last 24 hours
        And live sending is on
        And the Graph API answers every send to the prospect with 131000
        When the operator taps "approve" with a valid signature
        Then an alert with code 131000 was raised
    """
    assert outcome(pytester, steps) == ("passed", "")


def test_an_unknown_fault_code_names_the_known_ones(pytester) -> None:
    steps = """
        Given an opted-in operator who received the draft card for "opp-3"
        And the Graph API answers every send to the prospect with 999999
        When the operator taps "approve" with a valid signature
        Then nothing was sent to the prospect
    """
    error, message = outcome(pytester, steps)
    assert error == "error"
    assert "999999 is not one the harness knows; use one of 130429" in message
