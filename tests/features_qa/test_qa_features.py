"""QA-written feature files: run with --features next to the built-in checks, errors loud."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.checks.vocabulary import format_vocabulary, is_known, nearest, vocabulary
from tests.cli_support import ROOT, wa_harness_in_process

EXAMPLE = ROOT / "harness" / "examples" / "features"
COLD = "python:harness.examples.cold_outreach"


def _outcomes(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {c["id"]: c["outcome"] for c in data["checks"]}


def test_the_example_passes_on_the_reference_next_to_every_built_in_check(tmp_path: Path):
    report = tmp_path / "r.json"
    result = wa_harness_in_process("run", "--features", str(EXAMPLE), "--json", str(report))
    assert result.returncode == 0, result.stdout[-2000:]
    outcomes = _outcomes(report)
    assert outcomes["QAS-001"] == "passed"
    assert len(outcomes) > 60  # the built-in checks ran too
    assert "PASS   QAS-001" in result.stdout


def test_the_example_fails_on_an_implementation_that_writes_to_the_prospect(tmp_path: Path):
    report = tmp_path / "r.json"
    args = ("--features", str(EXAMPLE), "--check", "QAS-*", "--json", str(report))
    result = wa_harness_in_process("run", "--target", COLD, *args)
    assert result.returncode == 1
    assert _outcomes(report) == {"QAS-001": "failed"}
    assert "went to the prospect" in result.stdout
    assert f"--features {EXAMPLE} --seed 0 --check QAS-001" in result.stdout


def _feature(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "qa"
    folder.mkdir()
    (folder / "mine.feature").write_text(text, encoding="utf-8")
    return folder


SCENARIO = """
{feature_tags}
Feature: mine

  {tags}
  Scenario: the operator presses a button
    Given an opted-in operator who received the draft card for "opp-1"
    {step}
    Then nothing was sent to the prospect
"""


@pytest.mark.parametrize(
    ("feature_tags", "tags", "step", "expected"),
    [
        (
            "@profile:flow",
            "@QA-001 @MUST",
            'When the operator taps "cancel" with a valid signature',
            "mine.feature:6: tag @QA-001 is not a check id; use three capital letters",
        ),
        (
            "",
            "@QAS-002",
            'When the operator taps "cancel" with a valid signature',
            "has no profile tag; add one of @profile:cards",
        ),
        (
            "@profile:flow",
            "@QAS-003",
            'When the operator presses "cancel"',
            "mine.feature:8: unknown step 'When the operator presses \"cancel\"'; nearest known: ",
        ),
        (
            "@profile:flow",
            "@FLW-013",
            'When the operator taps "cancel" with a valid signature',
            "@FLW-013 is already used by the built-in checks",
        ),
    ],
)
def test_a_scenario_that_does_not_fit_is_a_one_line_error_naming_the_fix(
    tmp_path: Path, feature_tags: str, tags: str, step: str, expected: str
):
    text = SCENARIO.format(feature_tags=feature_tags, tags=tags, step=step)
    folder = _feature(tmp_path, text)
    result = wa_harness_in_process("checks", "--features", str(folder))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert expected in result.stderr
    if "unknown step" in expected:
        assert 'When the operator taps "draft" with a valid signature' in result.stderr


def test_steps_lists_the_whole_vocabulary_with_meanings_and_working_examples():
    result = wa_harness_in_process("steps")
    assert result.returncode == 0
    entries = vocabulary()
    assert len(entries) >= 80
    for entry in entries:
        assert entry.meaning, f"{entry.function} has no meaning in steps/vocabulary.json"
        assert f"  {entry.keyword} {entry.pattern}\n" in result.stdout
        assert is_known(entry.keyword.lower(), entry.example), entry.example
    assert result.stdout == format_vocabulary()
    assert nearest("then", "nothing was send to the prospect")[0] == (
        "Then nothing was sent to the prospect"
    )
