"""Picking checks: ids and globs, exclusions, levels, the last run's failures, and -x."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from harness.checks.check_list import load_specs
from harness.errors import UsageError
from harness.reports.json_report import report_schema
from harness.results import CheckSpec, Level
from harness.selection import Selection, failed_ids, parse_levels, split_patterns
from harness.settings import PROFILES
from tests.cli_support import wa_harness_in_process

COLD = "python:tests.sample_targets.cold_outreach"


def _spec(check_id: str, level: Level = Level.MUST, profile: str = "flow") -> CheckSpec:
    return CheckSpec(check_id, "t", level, profile)


def test_globs_exclusions_levels_and_exact_ids_narrow_together():
    selection = Selection(checks=("FLW-*", "btn-001"), exclude=("FLW-01?",), levels=(Level.MUST,))
    assert selection.matches(_spec("FLW-001"))
    assert selection.matches(_spec("BTN-001"))  # patterns are case-insensitive
    assert not selection.matches(_spec("FLW-013"))
    assert not selection.matches(_spec("FLW-002", Level.SHOULD))
    assert not selection.matches(_spec("SIG-001"))
    assert Selection(only=("SIG-001",)).matches(_spec("SIG-001"))
    assert not Selection(only=()).matches(_spec("SIG-001"))
    assert Selection().matches(_spec("SIG-001"))


def test_a_pattern_that_fits_no_check_is_a_usage_error():
    specs = load_specs()
    with pytest.raises(UsageError, match="'QA-1' matches no check id"):
        Selection(checks=("QA-1",)).choose(specs, PROFILES)
    with pytest.raises(UsageError, match="matches no check in profiles cards"):
        Selection(checks=("FLW-013",)).choose(specs, ("cards",))
    assert [s.id for s in Selection(checks=("FLW-013",)).choose(specs, PROFILES)] == ["FLW-013"]


def test_flags_split_on_commas_and_levels_are_checked():
    assert split_patterns(["A,B", " C "]) == ("A", "B", "C")
    assert parse_levels(["must,Should"]) == (Level.MUST, Level.SHOULD)
    with pytest.raises(UsageError, match="unknown level MAY"):
        parse_levels(["MAY"])


def test_last_failed_reads_the_failures_of_a_json_report(tmp_path: Path):
    report = tmp_path / "r.json"
    checks = [{"id": "A", "outcome": "failed"}, {"id": "B", "outcome": "passed"}]
    report.write_text(json.dumps({"checks": [*checks, {"id": "C", "outcome": "error"}]}))
    assert failed_ids(report) == ("A", "C")
    report.write_text("[1, 2]")
    with pytest.raises(UsageError, match="is not a wa-harness JSON report"):
        failed_ids(report)
    with pytest.raises(UsageError, match="cannot read"):
        failed_ids(tmp_path / "missing.json")


def _run(tmp_path: Path, *flags: str) -> tuple[int, dict, str]:
    path = tmp_path / "report.json"
    result = wa_harness_in_process("run", "--target", COLD, "--json", str(path), *flags)
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return result.returncode, data, result.stdout + result.stderr


def test_one_check_runs_alone_with_its_seed_and_reproducer(tmp_path: Path):
    cucumber = tmp_path / "cucumber.json"
    code, data, out = _run(
        tmp_path, "--check", "FLW-013", "--seed", "7", "--cucumber-json", str(cucumber)
    )
    assert code == 1
    assert [c["id"] for c in data["checks"]] == ["FLW-013"]
    assert data["seed"] == 7
    line = f"wa-harness run --target {COLD} --seed 7 --check FLW-013"
    assert data["checks"][0]["reproduce"] == line
    assert f"reproduce: {line}" in out
    jsonschema.validate(data, report_schema())
    # The cucumber report: the check's scenario, its id as a tag, failed at its Then step.
    (feature,) = json.loads(cucumber.read_text(encoding="utf-8"))
    assert feature["uri"] == "features/flow.feature"
    (scenario,) = feature["elements"]
    assert {"@FLW-013", "@MUST", "@line:S6"} <= {tag["name"] for tag in scenario["tags"]}
    statuses = [(step["keyword"], step["result"]["status"]) for step in scenario["steps"]]
    assert statuses[-1] == ("Then ", "failed")
    assert {status for _, status in statuses[:-1]} == {"passed"}
    error = scenario["steps"][-1]["result"]["error_message"]
    assert error.startswith("1 message(s) went to the prospect")
    assert "\n" not in error


def test_excluding_a_glob_runs_none_of_it_and_a_level_filter_keeps_only_that_level(tmp_path):
    code, data, _ = _run(tmp_path, "--exclude", "FLW-*", "--exclude", "INV-*", "--level", "MUST")
    ids = [c["id"] for c in data["checks"]]
    assert ids
    assert not [i for i in ids if i.startswith(("FLW-", "INV-"))]
    assert {c["level"] for c in data["checks"]} == {"MUST"}
    # Without the checks that catch cold outreach, this target passes.
    assert code == 0


def test_exitfirst_stops_at_the_first_blocking_failure_and_says_what_did_not_run(tmp_path):
    first = tmp_path / "first.json"
    wa_harness_in_process(
        "run", "--target", COLD, "--profile", "flow,invariants", "--json", str(first)
    )
    failed = failed_ids(first)
    assert failed == ("FLW-013", "FLW-014", "INV-003")
    code, data, out = _run(tmp_path, "--last-failed", str(first), "-x")
    assert code == 1
    assert [c["id"] for c in data["checks"]] == ["FLW-013"]
    assert data["not_run"] == ["FLW-014", "INV-003"]
    assert "2 selected check(s) not run: FLW-014, INV-003" in out


def test_checks_takes_the_same_filters_and_bad_ones_exit_2():
    listed = wa_harness_in_process(
        "checks", "--check", "HSK-*", "--level", "MUST", "--profile", "webhook"
    )
    assert listed.returncode == 0
    ids = [line.split()[0] for line in listed.stdout.splitlines() if line[:3] == "HSK"]
    assert ids
    assert all(i.startswith("HSK-") for i in ids)
    bad = wa_harness_in_process("checks", "--check", "NOPE-*")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert "'NOPE-*' matches no check id" in bad.stderr
