"""``wa-harness run`` with several ``--target``: graded in parallel, shown side by side."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

from harness.reports.grid import grid_schema
from harness.reports.json_report import report_schema
from tests.cli_support import wa_harness_in_process

# A whole graded run: `make test-slow` runs it (tests/README.md).
pytestmark = pytest.mark.slow

REFERENCE = "python:harness.reference"
DEFECT = "python:tests.sample_targets.duplicate_acted_twice"


def grid_validator() -> jsonschema.Draft202012Validator:
    """The shipped grid schema, with the report schema it refers to for each target."""
    report = report_schema()
    registry: Registry = Registry().with_resource(report["$id"], Resource.from_contents(report))
    return jsonschema.Draft202012Validator(grid_schema(), registry=registry)


def test_two_targets_are_graded_side_by_side(tmp_path: Path) -> None:
    report, page = tmp_path / "grid.json", tmp_path / "grid.html"
    run = wa_harness_in_process(
        "run",
        "--target",
        REFERENCE,
        "--target",
        DEFECT,
        "--profile",
        "replay",
        "--json",
        str(report),
        "--html",
        str(page),
    )
    assert run.returncode == 1, run.stdout + run.stderr
    grid = json.loads(report.read_text("utf-8"))
    # A documented shape, validated by the shipped schema, each full report inside.
    errors = [e.message for e in grid_validator().iter_errors(grid)]
    assert errors == []
    assert grid["labels"] == ["#1 reference", "#2 duplicate_acted_twice"]
    assert [t["target"] for t in grid["targets"]] == [REFERENCE, DEFECT]
    assert [t["exit_code"] for t in grid["targets"]] == [0, 1]
    assert [t["verdict"] for t in grid["targets"]] == ["PASS", "FAIL"]
    assert grid["verdict"] == "FAIL"
    assert all(t["seed"] == 0 for t in grid["targets"])
    rows = {row["id"]: row for row in grid["checks"]}
    reference = [row["cells"][0] for row in rows.values()]
    assert rows["RPL-008"]["title"]
    assert [c["outcome"] for c in rows["RPL-008"]["cells"]] == ["passed", "failed"]
    assert rows["RPL-008"]["cells"][1]["message"]
    assert all(cell["outcome"] == "passed" for cell in reference)
    # Each target's full report is inside, and written beside the grid file.
    for number, target in enumerate(grid["targets"], start=1):
        assert target["report"]["target"] == target["target"]
        assert target["files"] == {
            "json": str(tmp_path / f"grid-{number}.json"),
            "html": str(tmp_path / f"grid-{number}.html"),
        }
        own = json.loads(Path(target["files"]["json"]).read_text("utf-8"))
        assert own["checks"] == target["report"]["checks"]
        assert Path(target["files"]["html"]).read_text("utf-8").startswith("<!DOCTYPE html>")
    # The terminal: labels that are no checklist line, a verdict, the files written.
    assert "#2 duplicate_acted_twice = python:tests.sample_targets.duplicate_acted_twice: FAIL" in (
        run.stdout
    )
    assert "T2 =" not in run.stdout
    assert "Verdict: FAIL - #1 reference PASS, #2 duplicate_acted_twice FAIL" in run.stdout
    assert "Reports written:" in run.stdout
    assert str(tmp_path / "grid-2.html") in run.stdout
    text = page.read_text("utf-8")
    failed = sum(row["cells"][1]["outcome"] == "failed" for row in rows.values())
    assert text.count('<details class="cell failed') == failed
    assert 'href="grid-2.html"' in text
    assert 'href="grid-2.html#check-RPL-008"' in text


def test_a_target_that_cannot_be_graded_is_named_with_its_reason(tmp_path: Path) -> None:
    report = tmp_path / "grid.json"
    run = wa_harness_in_process(
        "run",
        "--target",
        REFERENCE,
        "--target",
        "python:no_such_module_here",
        "--profile",
        "cards",
        "--json",
        str(report),
    )
    assert run.returncode == 2, run.stdout + run.stderr
    grid = json.loads(report.read_text("utf-8"))
    assert [e.message for e in grid_validator().iter_errors(grid)] == []
    broken = grid["targets"][1]
    assert broken["verdict"] == "NOT GRADED"
    assert broken["report"] is None
    assert "no_such_module_here" in broken["error"]
    assert grid["verdict"] == "NOT GRADED"
    assert "#2 no_such_module_here = python:no_such_module_here: NOT GRADED" in run.stdout


def test_options_that_take_one_target_are_refused_with_several() -> None:
    run = wa_harness_in_process(
        "run", "--target", REFERENCE, "--target", DEFECT, "--target-cmd", "python -m x"
    )
    assert run.returncode == 2
    assert "--target-cmd takes one --target" in run.stderr
