"""Every line of the design's checklists is enforced by at least one check, and documented."""

from __future__ import annotations

import json
from collections import Counter

from pytest_bdd.feature import get_features

from harness.checks.check_list import features_dir, load_checklist, load_specs
from tests.cli_support import ROOT, wa_harness_in_process


def test_every_checklist_line_is_covered_by_a_check() -> None:
    specs = load_specs()
    uncovered = [line.id for line in load_checklist() if not any(line.id in s.lines for s in specs)]
    assert uncovered == []


def test_the_design_checklists_are_all_there() -> None:
    # Testing (T1-T4) and staging (S1-S6) checklists of the operator-flow design, in full.
    ids = {line.id for line in load_checklist()}
    assert {f"T{i}" for i in range(1, 5)} | {f"S{i}" for i in range(1, 7)} <= ids


def test_check_ids_are_unique_and_lines_are_known() -> None:
    specs = load_specs()
    repeated = [i for i, n in Counter(s.id for s in specs).items() if n > 1]
    known = {line.id for line in load_checklist()}
    assert repeated == []
    assert [s.id for s in specs if not set(s.lines) <= known] == []
    assert all(s.lines for s in specs if s.level.value == "MUST")


def test_contract_documents_every_check() -> None:
    # Whole rows: id, level, profile, checklist lines and title as the features define them.
    contract = (ROOT / "CONTRACT.md").read_text(encoding="utf-8")
    rows = set(contract.splitlines())
    missing = [
        row
        for s in load_specs()
        if (row := f"| {s.id} | {s.level.value} | {s.profile} | {', '.join(s.lines)} | {s.title} |")
        not in rows
    ]
    assert missing == [], "CONTRACT.md should have these rows exactly:\n" + "\n".join(missing)


def test_checks_command_lists_checks_and_coverage() -> None:
    result = wa_harness_in_process("checks", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert {c["id"] for c in data["checks"]} == {s.id for s in load_specs()}
    # Every line of the checklist is listed, each with the checks that cover it.
    assert {line["id"] for line in data["checklist"]} == {line.id for line in load_checklist()}
    assert all(line["checks"] for line in data["checklist"])


def test_the_negative_battery_documents_every_check_and_wrong_value() -> None:
    # Each wrong value is derived for a named mistake; the derivation is written down.
    doc = (ROOT / "docs" / "negative-battery.md").read_text(encoding="utf-8")
    negative = [s.id for s in load_specs() if s.id.startswith("NEG-")]
    assert negative
    assert [check for check in negative if check not in doc] == []
    values = {
        value
        for feature in get_features([str(features_dir())])
        for scenario in feature.scenarios.values()
        if any(tag.startswith("NEG-") for tag in scenario.tags)
        for examples in scenario.examples
        for context in examples.as_contexts()
        for value in context.values()
    }
    assert len(values) >= 20
    assert sorted(v for v in values if f"`{v}`" not in doc and f"| {v} |" not in doc) == []
