"""Every line of the design's checklists is enforced by at least one check, and documented."""

from __future__ import annotations

import json
import re
from collections import Counter

from harness.checks.catalog import load_specs
from harness.checks.locations import load_checklist
from tests.cli_support import ROOT, wa_harness


def test_every_checklist_line_is_covered_by_a_check() -> None:
    specs = load_specs()
    uncovered = [line.id for line in load_checklist() if not any(line.id in s.lines for s in specs)]
    assert uncovered == []


def test_every_testing_and_staging_line_of_the_design_is_in_the_checklist() -> None:
    design = ROOT.parent / "shared" / "design" / "operator-flow.md"
    lines = {line.text.lower() for line in load_checklist()}
    if design.exists():
        text = design.read_text(encoding="utf-8")
        items = re.findall(r"^## (?:Testing|Staging) checklist.*?(?=^## |\Z)", text, re.M | re.S)
        bullets = [
            b.strip("- `").replace("`", "").lower()
            for b in "".join(items).splitlines()
            if b.startswith("- ")
        ]
        assert bullets, "the design's checklists were not found"
        missing = [b for b in bullets if not any(b[:25] in known for known in lines)]
        assert missing == []


def test_check_ids_are_unique_and_lines_are_known() -> None:
    specs = load_specs()
    repeated = [i for i, n in Counter(s.id for s in specs).items() if n > 1]
    known = {line.id for line in load_checklist()}
    assert repeated == []
    assert [s.id for s in specs if not set(s.lines) <= known] == []
    assert all(s.lines for s in specs if s.level.value == "MUST")


def test_contract_documents_every_check() -> None:
    contract = (ROOT / "CONTRACT.md").read_text(encoding="utf-8")
    assert [s.id for s in load_specs() if f"| {s.id} |" not in contract] == []


def test_checks_command_lists_checks_and_coverage() -> None:
    result = wa_harness("checks", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert {c["id"] for c in data["checks"]} == {s.id for s in load_specs()}
    assert all(line["checks"] for line in data["checklist"])
