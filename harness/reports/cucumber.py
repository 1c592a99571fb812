"""The cucumber JSON report, for tools that show Gherkin results (check ids are tags)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.evidence import failed_step
from harness.reports.json_report import shown_evidence, to_json_dict
from harness.reports.output import write_text
from harness.reports.redaction import Redactor
from harness.results import RunReport

STATUS = {"passed": "passed", "failed": "failed", "error": "failed", "skipped": "skipped"}


@dataclass(frozen=True, slots=True)
class GherkinStep:
    keyword: str
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class GherkinScenario:
    """Where a check is written: its feature file, scenario, steps and tags."""

    uri: str
    feature: str
    feature_line: int
    name: str
    line: int
    steps: tuple[GherkinStep, ...]
    tags: tuple[str, ...]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _steps(
    check: Mapping[str, Any], scenario: GherkinScenario | None, failing: str
) -> list[dict[str, Any]]:
    status = STATUS.get(str(check["outcome"]), "undefined")
    duration = int(float(check.get("duration_s") or 0) * 1e9)
    written = list(scenario.steps) if scenario else []
    if not written:
        written = [GherkinStep("Then ", str(check["title"]), scenario.line if scenario else 0)]
    at = len(written) - 1
    if status == "failed" and failing:
        texts = [f"{s.keyword.strip()} {s.text}" for s in written]
        at = texts.index(failing) if failing in texts else at
    steps = []
    for index, step in enumerate(written):
        if status != "failed":
            result: dict[str, Any] = {"status": status}
        elif index < at:
            result = {"status": "passed"}
        elif index == at:
            result = {"status": "failed", "error_message": _one_line(str(check["message"]))}
        else:
            result = {"status": "skipped"}
        if index == at:
            result["duration"] = duration
        keyword = step.keyword.strip() + " "
        steps.append({"keyword": keyword, "name": step.text, "line": step.line, "result": result})
    return steps


def _element(
    check: Mapping[str, Any],
    scenario: GherkinScenario | None,
    *,
    failing: str = "",
    not_run: bool = False,
) -> dict[str, Any]:
    tags = scenario.tags if scenario else (str(check["id"]), str(check["level"]))
    line = scenario.line if scenario else 0
    partial = str(check.get("partial") or "") if check["outcome"] == "passed" else ""
    if partial and not_run:
        # --partial-as-not-run: shown as not run, as the verdict counts it.
        check = {**check, "outcome": "skipped"}
    return {
        "id": f"{check['profile']};{str(check['id']).lower()}",
        "keyword": "Scenario",
        "name": f"{check['id']} {check['title']}",
        "description": _description(check, partial),
        "line": line,
        "type": "scenario",
        "tags": [{"name": f"@{tag}", "line": max(line - 1, 0)} for tag in tags],
        "steps": _steps(check, scenario, failing),
    }


def _description(check: Mapping[str, Any], partial: str) -> str:
    if partial:
        return f"passed (partly: {partial})"
    if check.get("blocked_by"):
        return f"blocked by: {check['blocked_by']}"
    return ""


def render_cucumber(
    report: RunReport, redactor: Redactor, scenarios: Mapping[str, GherkinScenario]
) -> str:
    """Cucumber JSON: one feature per feature file, one scenario per check, in run order."""
    shown = [shown_evidence(result, redactor) for result in report.results]
    doc = to_json_dict(report, redactor, shown)
    ungraded = {id(result) for result in report.ungraded()}
    features: dict[str, dict[str, Any]] = {}
    for check, result, evidence in zip(doc["checks"], report.results, shown, strict=True):
        scenario = scenarios.get(check["id"])
        uri = scenario.uri if scenario else f"{check['profile']}.feature"
        feature = features.setdefault(
            uri,
            {
                "uri": uri,
                "id": uri.rsplit("/", 1)[-1].removesuffix(".feature"),
                "keyword": "Feature",
                "name": scenario.feature if scenario else check["profile"],
                "description": "",
                "line": scenario.feature_line if scenario else 1,
                "elements": [],
            },
        )
        failing = failed_step(evidence)
        element = _element(check, scenario, failing=failing, not_run=id(result) in ungraded)
        feature["elements"].append(element)
    text = json.dumps(list(features.values()), ensure_ascii=False, indent=2) + "\n"
    return redactor.text(text)


def write_cucumber(
    report: RunReport,
    path: str | os.PathLike[str],
    redactor: Redactor,
    scenarios: Mapping[str, GherkinScenario],
) -> None:
    """Write the cucumber JSON report to path."""
    write_text(path, render_cucumber(report, redactor, scenarios), redactor)
