"""Under the pytest plugin a failed check prints its message, not the harness's internals."""

from __future__ import annotations

import re

import pytest

pytest_plugins = ["pytester"]


def _failures_section(output: str) -> str:
    start = output.index("= FAILURES =")
    end = output.index("wa-harness checks", start) if "wa-harness checks" in output[start:] else -1
    return output[start:end]


def test_a_failed_check_prints_one_message_with_its_evidence_and_reproducer(
    pytester: pytest.Pytester,
) -> None:
    page = pytester.path / "report.html"
    result = pytester.runpytest_inprocess(
        "--wa-target",
        "python:harness.examples.cold_outreach",
        "-k",
        "FLW-013",
        "--wa-html",
        str(page),
    )
    output = "\n".join(result.outlines)
    assert result.ret == 1, output[-3000:]
    failures = _failures_section(output)
    # No traceback through pytest's or the harness's own frames.
    assert "_pytest/fixtures.py" not in failures
    assert "call_fixture_func" not in failures
    assert not re.search(r"^\S+\.py:\d+: ", failures, re.M), failures
    assert "FLW-013: " in failures
    assert "went to the prospect" in failures
    assert f"evidence: {page}#check-FLW-013" in failures
    assert "reproduce: wa-harness run --target python:harness.examples.cold_outreach" in failures
    body = [line for line in failures.splitlines()[1:] if line.strip() and not line.startswith("_")]
    assert len(body) <= 6, failures


def test_a_blocked_check_prints_its_cause_in_one_message(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_inprocess(
        "--wa-target", "python:tests.sample_targets.four_buttons", "-k", "FLW-013"
    )
    output = "\n".join(result.outlines)
    failures = _failures_section(output)
    assert "_pytest/fixtures.py" not in failures
    assert "FLW-013: blocked: no opportunity card reached the operator" in failures
    assert "pass --wa-html FILE or --wa-transcript FILE to see it" in failures
