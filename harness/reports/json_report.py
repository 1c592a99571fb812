"""The JSON report: the canonical, redacted document the other formats are built from."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from importlib import resources
from typing import Any

from harness.evidence import Evidence
from harness.reports.evidence import as_json, masked
from harness.reports.output import write_text
from harness.reports.redaction import Redactor
from harness.results import CheckResult, Outcome, RunReport

# Longest text shown for one evidence field (a body, an answer); the rest is counted.
SHOWN_CHARS = 4000


def shown_evidence(result: CheckResult, redactor: Redactor) -> tuple[Evidence, ...]:
    """A check's evidence as every report shows it: each string masked, then cut."""
    return masked(result.evidence, redactor, limit=SHOWN_CHARS)


def _check(
    result: CheckResult, report: RunReport, redactor: Redactor, shown: Sequence[Evidence]
) -> dict[str, Any]:
    spec = result.spec
    problem = result.outcome in (Outcome.FAILED, Outcome.ERROR)
    fields: dict[str, Any] = {
        "id": spec.id,
        "title": spec.title,
        "level": "",
        "profile": spec.profile,
        "outcome": "",
        "message": result.message,
        # The failed setup that kept an errored check from its subject, whole (not cut).
        "blocked_by": result.blocked_by,
        # What a passed check could not judge; "" when it judged its whole subject.
        "partial": result.partial,
        "evidence": [],
        "lines": list(spec.lines),
        "duration_s": result.duration_s,
        # One line that runs this check again with the same setup and seed.
        "reproduce": report.reproducer(result) if problem else "",
    }
    # Masked first, then cut: a cut can no longer leave part of a secret behind.
    entry = redactor.data(fields, limit=SHOWN_CHARS)
    entry["evidence"] = as_json(shown)
    # Enum values are set after redaction: a short secret must not corrupt them.
    entry["level"] = spec.level.value
    entry["outcome"] = result.outcome.value
    return entry


def _checklist(report: RunReport, redactor: Redactor) -> list[dict[str, Any]]:
    # rollup() also lists lines that checks cite but the checklist lacks; those keep
    # empty section and text so readers can flag them.
    entries = [
        {
            "id": row.line.id,
            "section": row.line.section,
            "text": row.line.text,
            "checks": list(row.checks),
            "run": list(row.ran),
            "not_run": list(row.not_run),
            "partial": list(row.partial),
            "state": row.state,
            "summary": row.summary(),
        }
        for row in report.rollup()
    ]
    return redactor.data(entries)


def to_json_dict(
    report: RunReport,
    redactor: Redactor,
    shown: Sequence[Sequence[Evidence]] | None = None,
) -> dict[str, Any]:
    """The report as JSON-ready data, with every string passed through the redactor.

    ``shown``: each result's ``shown_evidence``, when the caller has it already.
    """
    if shown is None:
        shown = [shown_evidence(result, redactor) for result in report.results]
    head = redactor.data(
        {
            "harness_version": report.harness_version,
            "target": report.target,
            "started_at": report.started_at,
        }
    )
    return {
        **head,
        "duration_s": report.duration_s,
        "summary": report.summary(),
        "seed": report.seed,
        "checks": [
            _check(result, report, redactor, evidence)
            for result, evidence in zip(report.results, shown, strict=True)
        ],
        "not_run": list(report.not_run),
        "strict": report.strict,
        "partial_as_not_run": report.partial_as_not_run,
        "root_causes": redactor.data(
            [{"cause": cause, "checks": ids} for cause, ids in report.root_causes().items()]
        ),
        "verdict": report.verdict().value,
        "checklist": _checklist(report, redactor),
    }


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the report, shipped in the package (reports/schemas/)."""
    text = (
        resources.files("harness.reports")
        .joinpath("schemas/report.schema.json")
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def dumps(report: RunReport, redactor: Redactor) -> str:
    """The JSON report as text."""
    return json.dumps(to_json_dict(report, redactor), ensure_ascii=False, indent=2) + "\n"


def write_json(report: RunReport, path: str | os.PathLike[str], redactor: Redactor) -> None:
    """Write the JSON report to path."""
    write_text(path, dumps(report, redactor), redactor)
