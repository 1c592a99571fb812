"""The cucumber JSON report without feature files at hand: one scenario per check, redacted."""

from __future__ import annotations

import json

from harness.evidence import FailedAt
from harness.reports.cucumber import GherkinScenario, GherkinStep, render_cucumber


def test_every_check_is_a_scenario_tagged_with_its_id_and_level(report, redactor, assert_clean):
    text = render_cucumber(report, redactor, {})
    assert_clean(text)
    features = json.loads(text)
    elements = {e["name"].split()[0]: e for f in features for e in f["elements"]}
    assert set(elements) == {r.spec.id for r in report.results}
    btn = elements["BTN-002"]
    assert [t["name"] for t in btn["tags"]] == ["@BTN-002", "@MUST"]
    (step,) = btn["steps"]
    assert step["result"]["status"] == "failed"
    assert "\n" not in step["result"]["error_message"]
    assert elements["WH-002"]["steps"][0]["result"]["status"] == "failed"  # an error
    assert elements["INF-001"]["steps"][0]["result"]["status"] == "skipped"
    assert elements["BTN-001"]["steps"][0]["result"]["status"] == "passed"


def test_the_failing_step_is_the_one_named_and_later_steps_are_skipped(report, redactor):
    report.results[1].evidence.append(FailedAt("When b"))
    steps = (
        GherkinStep("Given ", "a", 3),
        GherkinStep("When ", "b", 4),
        GherkinStep("Then ", "c", 5),
    )
    where = GherkinScenario("features/x.feature", "X", 1, "t", 2, steps, ("BTN-002", "MUST"))
    features = json.loads(render_cucumber(report, redactor, {"BTN-002": where}))
    feature = next(f for f in features if f["uri"] == "features/x.feature")
    (scenario,) = feature["elements"]
    assert [s["result"]["status"] for s in scenario["steps"]] == ["passed", "failed", "skipped"]
    assert scenario["line"] == 2
