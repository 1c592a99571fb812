"""QA scenarios under the pytest plugin: a missing profile or id is said out loud."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

MODULE = 'from pytest_bdd import scenarios\n\nscenarios("mine.feature")\n'
FEATURE = """Feature: mine

  {tags}
  Scenario: approving without the prospect's opt-in sends nothing
    Given an opted-in operator who received the draft card for "opp-1"
    When the operator taps "approve" with a valid signature
    Then nothing was sent to the prospect
"""


def _run(pytester: pytest.Pytester, tags: str, *args: str) -> pytest.RunResult:
    pytester.makefile(".feature", mine=FEATURE.format(tags=tags))
    pytester.makepyfile(test_mine=MODULE)
    return pytester.runpytest_inprocess(
        "-q", "--wa-target", "python:harness.reference", "--wa-profile", "flow", *args
    )


def test_a_scenario_without_a_profile_stops_the_run_instead_of_vanishing(pytester):
    result = _run(pytester, "@QAS-001 @MUST")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "has no profile tag; add one of @profile:cards" in "\n".join(result.errlines)


def test_a_scenario_whose_id_does_not_fit_fails_saying_so(pytester):
    result = _run(pytester, "@QA-001 @MUST @profile:flow")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "no check id tag: tag it with three capital letters" in "\n".join(result.outlines)
    assert "wa-harness is not active" not in "\n".join(result.outlines)


def test_a_well_tagged_scenario_runs_as_a_check(pytester):
    result = _run(pytester, "@QAS-001 @MUST @profile:flow", "--wa-check", "QAS-*")
    assert result.ret == pytest.ExitCode.OK, "\n".join(result.outlines[-30:])
    assert "Ran 1 checks" in "\n".join(result.outlines)
    assert "1 passed" in "\n".join(result.outlines)
