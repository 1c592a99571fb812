"""Steps of the Cloud API of 2026: a username-only operator, and statuses without a card."""

from __future__ import annotations

from tests.unit.checks.steps.scenario import outcome

pytest_plugins = ["pytester"]

PHONES_ONLY = "python:tests.sample_targets.phone_operators_only"


def test_statuses_are_graded_whether_or_not_a_card_came(pytester) -> None:
    steps = """
        Given an opted-in username-only operator
        And the harness tried to present opportunity "opp-1" to the operator
        When the card's statuses "sent", "delivered" and "read" arrive with bare contacts
        Then the webhook answer is 200
        And nothing more was sent
    """
    assert outcome(pytester, steps, profile="replay") == ("passed", "")
    assert outcome(pytester, steps, profile="replay", target=PHONES_ONLY) == ("passed", "")
