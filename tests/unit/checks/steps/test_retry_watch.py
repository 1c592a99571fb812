"""FLW-019's watch for retries after a rate limit, proven both ways with retries that come
after the webhook was answered: with ``settle`` (judged once the target settled) and
without it (judged after a quiet spell)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.checks.steps.scenario import check_report

pytest_plugins = ["pytester"]

FLW_019 = """
    Given an opted-in operator who received the draft card for "opp-5019"
    And the prospect has opted in
    And the prospect wrote within the last 24 hours
    And live sending is on
    And the Graph API answers every send to the prospect with 130429
    When the operator taps "approve" with a valid signature
    Then at most 5 sends were attempted to the prospect, never 3 within 1 second
"""


def _attempts(check: dict[str, Any]) -> list[str]:
    (noted,) = [e for e in check["evidence"] if e.get("step") == "attempts to the prospect"]
    return list(noted["answer"])


def test_retries_made_after_the_answer_are_all_judged_once_the_target_settled(
    pytester: pytest.Pytester,
) -> None:
    check = check_report(pytester, FLW_019, target="python:tests.sample_targets.late_backoff")
    assert check["outcome"] == "passed", check["message"]
    # The first attempt and both later retries: settle waited for them.
    assert len(_attempts(check)) == 3
    assert {"command": "settle"} in [e.get("request") for e in check["evidence"]]


@pytest.mark.parametrize("name", ["late_retry_storm", "late_retry_storm_unsettled"])
def test_a_storm_made_after_the_answer_fails_with_or_without_settle(
    pytester: pytest.Pytester, name: str
) -> None:
    check = check_report(pytester, FLW_019, target=f"python:tests.sample_targets.{name}")
    assert check["outcome"] == "failed"
    assert "without backing off" in check["message"]
    assert len(_attempts(check)) == 5


def test_the_reference_that_never_retries_passes_once_settled(
    pytester: pytest.Pytester,
) -> None:
    check = check_report(pytester, FLW_019)
    assert check["outcome"] == "passed", check["message"]
    assert len(_attempts(check)) == 1
