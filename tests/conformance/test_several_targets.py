"""``wa-harness run`` with several ``--target``: graded in parallel, shown side by side."""

from __future__ import annotations

import json

from tests.cli_support import wa_harness_in_process

REFERENCE = "python:harness.reference"
DEFECT = "python:tests.sample_targets.duplicate_acted_twice"


def test_two_targets_are_graded_side_by_side(tmp_path):
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
    assert [t["target"] for t in grid["targets"]] == [REFERENCE, DEFECT]
    assert [t["exit_code"] for t in grid["targets"]] == [0, 1]
    rows = {row["id"]: row["outcomes"] for row in grid["checks"]}
    assert rows["RPL-008"] == {REFERENCE: "passed", DEFECT: "failed"}
    assert all(outcomes[REFERENCE] == "passed" for outcomes in rows.values())
    assert "RPL-008" in run.stdout
    assert "T2 = python:tests.sample_targets.duplicate_acted_twice (failed)" in run.stdout
    text = page.read_text("utf-8")
    assert text.count('class="failed"') == sum(o[DEFECT] == "failed" for o in rows.values())


def test_options_that_take_one_target_are_refused_with_several():
    run = wa_harness_in_process(
        "run", "--target", REFERENCE, "--target", DEFECT, "--target-cmd", "python -m x"
    )
    assert run.returncode == 2
    assert "--target-cmd takes one --target" in run.stderr
