"""A QA scenario that leaves out a step another one needs errors with the step to add; one
that gives a step a value it has no meaning for errors with the values it knows."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_support import wa_harness_in_process

FEATURE = """
@profile:flow
Feature: scenarios that lack a step

  @QAM-001 @MUST
  Scenario: judges a webhook answer though nothing was delivered
    Then the webhook answer is 200

  @QAM-002 @MUST
  Scenario: obtains a card without an opportunity
    When the harness obtains the opportunity card

  @QAM-003 @MUST
  Scenario: taps before any card came
    Given an opted-in operator
    When the operator taps "accept" with a valid signature

  @QAM-004 @MUST
  Scenario: judges what was sent since an action that never happened
    Given an opted-in operator
    Then nothing more was sent

  @QAM-005 @MUST
  Scenario: presents an opportunity to an operator no step gave
    When the harness presents opportunity "opp-1" to the operator

  @QAM-006 @MUST
  Scenario: parses a message of a shape the harness does not know
    Given a message that is a carrier pigeon

  @QAM-007 @MUST
  Scenario: taps with a signature the harness does not know
    Given an opted-in operator who received the opportunity card for "opp-7"
    When the operator taps "accept" with a forged signature

  @QAM-008 @MUST
  Scenario: fails sends with a code the harness does not fake
    Given an opportunity "opp-8"
    And the Graph API answers every send to the prospect with 131999
"""

EXPECTED = {
    "QAM-001": "no webhook was delivered in this check: add a step such as "
    "'When the operator taps \"accept\" with a valid signature' before this one",
    "QAM-002": "no opportunity was created in this check: add a step such as "
    "'Given an opportunity \"opp-1\"' before this one",
    "QAM-003": "the operator has received no card in this check: add a step such as "
    "'Given an opted-in operator who received the opportunity card for \"opp-1\"'",
    "QAM-004": "no When step delivered a webhook or presented an opportunity in this check",
    "QAM-005": "no operator was given in this check: add a step such as "
    "'Given an opted-in operator' before this one",
    "QAM-006": "a message that is {shape}: 'a carrier pigeon' is not one the harness knows; "
    "use one of 'a text message', ",
    "QAM-007": "with a {variant} signature: 'forged' is not one the harness knows; "
    "use one of 'valid', 'missing', ",
    # Every code the fake's fault presets answer with, rate limits first.
    "QAM-008": "with {code}: 131999 is not one the harness knows; use one of 130429, 131056",
}


def test_each_scenario_errors_naming_its_fix(tmp_path: Path):
    folder = tmp_path / "qa"
    folder.mkdir()
    (folder / "lacking.feature").write_text(FEATURE, encoding="utf-8")
    report = tmp_path / "r.json"
    args = ("--features", str(folder), "--check", "QAM-*", "--json", str(report))
    result = wa_harness_in_process("run", *args)
    assert result.returncode == 1, result.stdout[-2000:]
    checks = {c["id"]: c for c in json.loads(report.read_text(encoding="utf-8"))["checks"]}
    assert set(checks) == set(EXPECTED)
    for check_id, expected in EXPECTED.items():
        # An error, not a failure: the scenario is incomplete, not the implementation wrong.
        assert checks[check_id]["outcome"] == "error", checks[check_id]
        assert expected in checks[check_id]["message"], checks[check_id]["message"]


def test_a_second_run_in_the_same_process_collects_its_own_qa_folder(tmp_path: Path):
    # Each run collects QA folders through a module it writes; a second run must not trip
    # over the first one's, already imported under the same name.
    for n in (1, 2):
        folder = tmp_path / f"qa{n}"
        folder.mkdir()
        (folder / "lacking.feature").write_text(FEATURE, encoding="utf-8")
        report = tmp_path / f"r{n}.json"
        args = ("--features", str(folder), "--check", "QAM-001", "--json", str(report))
        result = wa_harness_in_process("run", *args)
        assert result.returncode == 1, result.stdout[-2000:]
        checks = json.loads(report.read_text(encoding="utf-8"))["checks"]
        assert [(c["id"], c["outcome"]) for c in checks] == [("QAM-001", "error")]
