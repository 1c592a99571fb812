"""``wa-harness load`` as users run it: short loads over loopback, judged from the journal.

Each run is a real Locust swarm in its own process against a real HTTP target; durations
are short and nothing here asserts a speed (``make bench`` prints those figures).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import cli
from tests.cli_support import http_target, wa_harness
from tests.unit.load.test_report_page import Section

PYTHON = sys.executable
SECRET = "load-test-app-secret-4242"


def load(tmp_path: Path, target_cmd: str, *extra: str) -> tuple[int, dict, str]:
    report = tmp_path / "load.json"
    run = wa_harness(
        "load",
        *http_target(target_cmd),
        "--duration",
        "2",
        "--opportunities",
        "60",
        "--json",
        str(report),
        *extra,
        timeout=150,
    )
    data = json.loads(report.read_text("utf-8")) if report.exists() else {}
    return run.returncode, data, run.stdout + run.stderr


def outcomes(data: dict) -> dict[str, str]:
    return {check["id"]: check["outcome"] for check in data["checks"]}


def sample(name: str) -> str:
    return f"{PYTHON} -m tests.sample_targets.serve load.{name}"


@pytest.mark.slow
def test_the_reference_passes_spread_over_two_local_workers(tmp_path):
    html = tmp_path / "locust.html"
    code, data, output = load(
        tmp_path,
        f"{PYTHON} -m harness.reference",
        "--workers",
        "2",
        "--rate",
        "150",
        "--duplicates",
        "0.3",
        "--html",
        str(html),
        "--app-secret",
        SECRET,
    )
    assert code == 0, output
    # Latency (the SHOULD checks) depends on the machine; what the reference does must not.
    musts = {c["id"]: c["outcome"] for c in data["checks"] if c["level"] == "MUST"}
    assert set(musts) == {"LOAD-003", "LOAD-004", "LOAD-005", "LOAD-006"}
    assert set(musts.values()) == {"passed"}, output
    assert data["verdict"] in ("pass", "warn"), output
    assert data["workers"] == 2
    assert data["requests"] > 0
    assert set(data["latency_ms"]) == {"p50", "p95", "p99", "max"}
    assert data["taps"]["sent"] > 0
    page = html.read_text("utf-8")
    assert "<html" in page.lower()
    # Locust's charts are drawn from the history the page embeds: it must hold the run.
    args = json.loads(re.search(r"window\.templateArgs = (.*)\n", page).group(1))
    history = args["history"]
    assert len(history) >= 2, history
    assert any(point["current_rps"][1] > 0 for point in history), history
    assert max(point["user_count"][1] for point in history) > 0
    # The harness's judgement is in the page, the same as in the terminal and the JSON.
    section = Section()
    section.feed(page)
    assert section.verdict_attr == data["verdict"]
    assert section.heading == output.strip().splitlines()[-1]
    assert section.heading.startswith(f"Verdict: {data['verdict'].upper()}")
    assert [row[1] for row in section.rows[1:]] == [c["id"] for c in data["checks"]]
    for text in (output, json.dumps(data), page):
        assert SECRET not in text
        assert SECRET[:12] not in text


@pytest.mark.slow
def test_a_dedupe_that_races_is_caught_by_concurrent_duplicates(tmp_path):
    # The same seeded defect RPL-010 catches in a conformance run.
    racy = f"{PYTHON} -m tests.sample_targets.serve duplicate_race"
    code, data, output = load(tmp_path, racy, "--rate", "150", "--duplicates", "0.5")
    assert code == 1, output
    assert outcomes(data)["LOAD-005"] == "failed", output
    assert data["verdict"] == "fail"


@pytest.mark.slow
def test_an_implementation_slow_under_load_is_flagged(tmp_path):
    code, data, output = load(tmp_path, sample("slow_under_load"), "--users", "12")
    found = outcomes(data)
    assert found["LOAD-001"] == "failed", output
    assert found["LOAD-005"] == "passed", output
    assert data["verdict"] == "warn"
    assert code == 0  # a SHOULD: only --strict fails the run


def test_missing_locust_is_one_clear_line(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "locust" else real(name, *a)
    )
    result = CliRunner().invoke(cli, ["load", "--target", "http://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "wa-harness: wa-harness load needs Locust; install it with: pip install 'wa-harness[load]'"
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--rate", "fast"], "'fast' is not a number"),
        (["--master"], "--master needs --workers"),
        (["--target", "ftp://x"], "not an http(s) URL"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(args, words):
    result = CliRunner().invoke(cli, ["load", "--target", "http://127.0.0.1:9", *args])
    assert result.exit_code == 2
    assert words in result.output
    assert len(result.output.strip().splitlines()) == 1
