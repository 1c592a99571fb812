"""The minimal example in CONTRACT.md runs, and is graded as the contract says."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from tests.cli_support import ROOT, WA_HARNESS


def test_the_contract_example_passes_the_card_checks_it_can_answer(tmp_path: Path) -> None:
    contract = (ROOT / "CONTRACT.md").read_text(encoding="utf-8")
    source = re.search(r"```python\n# mybot\.py.*?\n(.*?)```", contract, re.S)
    assert source, "CONTRACT.md lost its mybot.py example"
    (tmp_path / "mybot.py").write_text(source.group(1), encoding="utf-8")
    report = tmp_path / "r.json"

    result = subprocess.run(
        [
            WA_HARNESS,
            "run",
            "--target",
            "python:mybot",
            "--profile",
            "cards",
            "--json",
            str(report),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": ""},
    )

    # MUST checks it cannot answer could not run: not a PASS, INCOMPLETE (exit 3).
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Verdict: INCOMPLETE" in result.stdout
    data = json.loads(report.read_text())
    assert data["verdict"] == "INCOMPLETE"
    outcomes = {c["id"]: c["outcome"] for c in data["checks"]}
    judged_on_the_opportunity_card = ("BTN-005", "BTN-006", "BTN-007", "BTN-008", "BTN-009")
    for check in ("BTN-001", "BTN-003", "BTN-010", "BTN-011", *judged_on_the_opportunity_card):
        assert outcomes[check] == "passed", check
    # No draft builder, parser or app: those checks are skipped, never passed.
    for check in ("BTN-002", "PRS-001", "PRS-004"):
        assert outcomes[check] == "skipped", check
