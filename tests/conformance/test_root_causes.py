"""One defect shows as its own failures; what it blocked is an error that names it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_support import wa_harness_in_process

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow

# What a fourth button really breaks: the card checks, the card the operator should get
# (FLW-002, and BSU-001, whose subject is presenting it to a username-only operator), and
# the run-wide rules about what is sent.
CARD_FAILURES = {
    "BSU-001",
    "BTN-001",
    "BTN-003",
    "BTN-009",
    "BTN-010",
    "BTN-016",
    "FLW-002",
    "INV-001",
    "INV-002",
}


def test_a_four_button_card_fails_the_card_checks_and_blocks_the_rest(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    target = "python:tests.sample_targets.four_buttons"
    result = wa_harness_in_process("run", "--target", target, "--json", str(report))

    assert result.returncode == 1, result.stdout + result.stderr
    checks = json.loads(report.read_text(encoding="utf-8"))["checks"]
    failed = {c["id"] for c in checks if c["outcome"] == "failed"}
    assert failed == CARD_FAILURES
    errors = [c for c in checks if c["outcome"] == "error"]
    assert len(errors) > 20
    for check in errors:
        assert "blocked: no opportunity card reached the operator" in check["message"], check
        assert "131009" in check["message"], check
    assert "Blocked by one cause:" in result.stdout
    assert f"{len(errors)} checks:" in result.stdout


def test_one_cause_reads_as_one_in_the_terminal_and_the_json(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    target = "python:tests.sample_targets.four_buttons"
    result = wa_harness_in_process("run", "--target", target, "--json", str(report))

    doc = json.loads(report.read_text(encoding="utf-8"))
    errors = [c["id"] for c in doc["checks"] if c["outcome"] == "error"]
    causes = {c["blocked_by"] for c in doc["checks"] if c["outcome"] == "error"}
    assert len(causes) == 1, causes
    (cause,) = causes
    assert cause.startswith("no opportunity card reached the operator")
    # Grouped on the typed cause: every blocked check is in the one group, none left over
    # because its message was cut or joined.
    assert doc["root_causes"] == [{"cause": cause, "checks": errors}]
    summary = result.stdout[result.stdout.index("Ran ") :]
    # The grouped block comes first, names the cause once and lists the ids once.
    assert summary.index("Blocked by one cause:") < summary.index("Failed and errored checks:")
    # The root cause names the fourth button, from the card Meta refused.
    named = "the card has 4 reply buttons; Meta allows 3: «موعد» is one too many"
    assert summary.index("Blocked by one cause:") < summary.index(named)
    assert summary.index(named) < summary.index("Failed and errored checks:")
    assert summary.count(f"blocked: {cause}") == 0
    # Once as the root cause, once each as FLW-002's and BSU-001's own failure (their
    # subject is presenting that card); not once more per blocked check.
    assert summary.count(cause) == 3
    flw_002 = summary[summary.index("FLW-002") :].split("reproduce:")[0]
    assert cause in flw_002
    assert f"{len(errors)} checks: {', '.join(errors)}" in summary
    must = [c for c in doc["checks"] if c["outcome"] == "error" and c["level"] == "MUST"]
    assert f"{len(must)} blocked by 1 cause(s) above" in summary.split("Verdict:")[1]
