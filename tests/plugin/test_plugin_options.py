"""Both front ends take the same options: ``wa-harness run --NAME`` and ``pytest --wa-NAME``.

The options are one table (``harness.run_options``); these tests hold each front end to it
and run the plugin with options it gained from the table (QA folders, cucumber JSON).
"""

from __future__ import annotations

import json

import click
import pytest

from harness.cli import run
from harness.run_options import RUN_OPTIONS

pytest_plugins = ["pytester"]

# What only the CLI needs a flag for: pytest has -x, -v, -q and --lf of its own, and
# grades one target per session.
CLI_ONLY = {
    # Shards are processes the command starts; inside a pytest session there is one.
    "--parallel",
    "--target",
    "--last-failed",
    "--exitfirst",
    "--verbose",
    "--quiet",
    "--help",
}

FEATURE = """Feature: mine

  @QAS-001 @MUST @profile:flow
  Scenario: approving without the prospect's opt-in sends nothing
    Given an opted-in operator who received the draft card for "opp-1"
    When the operator taps "approve" with a valid signature
    Then nothing was sent to the prospect
"""


def test_the_run_command_takes_exactly_the_table_and_its_own_few() -> None:
    flags = {
        name
        for param in run.params
        if isinstance(param, click.Option)
        for name in param.opts
        if name.startswith("--")
    }
    assert flags - CLI_ONLY == {f"--{option.flag}" for option in RUN_OPTIONS}


def test_the_plugin_offers_every_option_of_the_table(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_inprocess("--help")
    shown = "\n".join(result.outlines)
    missing = [o.flag for o in RUN_OPTIONS if f"--wa-{o.flag}" not in shown]
    assert missing == []


def test_the_plugin_runs_qa_folders_and_writes_cucumber_json(pytester: pytest.Pytester) -> None:
    folder = pytester.mkdir("qa")
    (folder / "mine.feature").write_text(FEATURE, encoding="utf-8")
    cucumber = pytester.path / "cucumber.json"
    result = pytester.runpytest_inprocess(
        "-q",
        "--wa-target",
        "python:harness.reference",
        "--wa-features",
        str(folder),
        "--wa-check",
        "QAS-001",
        "--wa-cucumber-json",
        str(cucumber),
        "--wa-settle",
        "0.2",
    )
    assert result.ret == pytest.ExitCode.OK, "\n".join(result.outlines[-30:])
    features = json.loads(cucumber.read_text(encoding="utf-8"))
    assert [f["uri"].rsplit("/", 1)[-1] for f in features] == ["mine.feature"]
    assert [e["name"] for e in features[0]["elements"]] == [
        "QAS-001 approving without the prospect's opt-in sends nothing"
    ]
    assert "Ran 1 checks" in "\n".join(result.outlines)


def test_an_out_of_range_value_is_a_usage_error_naming_the_bounds(
    pytester: pytest.Pytester,
) -> None:
    result = pytester.runpytest_inprocess(
        "--wa-target", "python:harness.reference", "--wa-settle", "-1"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "-1 is not between 0 and 60" in "\n".join(result.errlines)


def test_a_wrong_value_the_harness_refuses_is_one_usage_line(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_inprocess(
        "--wa-target", "python:harness.reference", "--wa-profile", "nope"
    )
    errors = "\n".join(result.errlines)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "unknown profile nope; choose from cards" in errors
    assert "INTERNALERROR" not in errors + "\n".join(result.outlines)
