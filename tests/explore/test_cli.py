"""``wa-harness explore``: exit 0 when nothing is found, 1 with findings, 2 for a bad target."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_support import wa_harness


def test_findings_exit_1_and_are_written_as_json_and_features(tmp_path: Path) -> None:
    out = tmp_path / "found.json"
    folder = tmp_path / "features"

    done = wa_harness(
        "explore",
        "--target",
        "python:harness.examples.four_buttons",
        "--budget",
        "4",
        "--json",
        str(out),
        "--export-features",
        str(folder),
    )

    assert done.returncode == 1, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {f["rule"] for f in data["findings"]} >= {"INV-001"}
    assert all(f["steps"] and f["reproduce"].startswith("wa-harness run") for f in data["findings"])
    assert (folder / "explored.feature").is_file()
    assert "Traceback" not in done.stderr


def test_nothing_found_exits_0() -> None:
    done = wa_harness("explore", "--target", "python:harness.reference", "--budget", "2")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 finding(s), 0 dropped" in done.stdout


def test_a_target_that_cannot_be_loaded_is_one_line_and_exit_2() -> None:
    done = wa_harness("explore", "--target", "python:no_such.module", "--budget", "2")

    assert done.returncode == 2
    assert done.stderr.startswith("wa-harness: ")
    assert "Traceback" not in done.stderr
