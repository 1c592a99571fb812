"""One scenario, run as a check by the pytest plugin the way pytest-bdd tests itself."""

from __future__ import annotations

import json
from typing import Any

import pytest

MODULE = 'from pytest_bdd import scenarios\n\nscenarios("one.feature")\n'
REFERENCE = "python:harness.reference"


def check_report(
    pytester: pytest.Pytester, steps: str, *, target: str = REFERENCE, profile: str = "flow"
) -> dict[str, Any]:
    """The JSON report's entry for a check made of ``steps`` against ``target``."""
    feature = f"Feature: one\n\n  @QAS-001 @MUST @profile:{profile}\n  Scenario: one\n"
    feature += "".join(f"    {line.strip()}\n" for line in steps.strip().splitlines())
    pytester.makefile(".feature", one=feature)
    pytester.makepyfile(test_one=MODULE)
    report = pytester.path / "report.json"
    result = pytester.runpytest_inprocess(
        "-q",
        "-p",
        "no:randomly",
        "--wa-target",
        target,
        "--wa-profile",
        profile,
        "--wa-check",
        "QAS-001",
        "--wa-json",
        str(report),
    )
    assert result.ret in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED), "\n".join(
        result.outlines[-30:] + result.errlines[-30:]
    )
    (check,) = json.loads(report.read_text(encoding="utf-8"))["checks"]
    assert isinstance(check, dict)
    return check


def outcome(
    pytester: pytest.Pytester, steps: str, *, target: str = REFERENCE, profile: str = "flow"
) -> tuple[str, str]:
    """The outcome and message of a check made of ``steps`` against ``target``."""
    check = check_report(pytester, steps, target=target, profile=profile)
    return check["outcome"], check["message"]
