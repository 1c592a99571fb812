"""One defect shows as its own failures; what it blocked is an error that names it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_support import wa_harness_in_process

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
