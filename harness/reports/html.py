"""The HTML report: one self-contained page a QA person can read without help."""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import jinja2

from harness.reports.evidence import pretty
from harness.reports.json_report import to_json_dict
from harness.reports.output import write_text
from harness.reports.redaction import Redactor
from harness.results import RunReport

TEMPLATE = "report.html.j2"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("harness.reports", "templates"),
        # Target replies end up on the page: they must never become markup.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _profiles(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Checks grouped by profile, in the order profiles first ran."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for check in checks:
        groups.setdefault(check["profile"], []).append(check)
    return [
        {
            "name": name,
            "checks": members,
            "counts": {
                outcome: sum(1 for c in members if c["outcome"] == outcome)
                for outcome in ("passed", "failed", "skipped", "error")
            },
        }
        for name, members in groups.items()
    ]


def _context(report: RunReport, redactor: Redactor) -> dict[str, Any]:
    doc = to_json_dict(report, redactor)
    lines = {entry["id"]: entry for entry in doc["checklist"]}
    # Identity, not equality: two results may look alike but only one may block.
    blocking = {id(result) for result in report.blocking()}
    checks = [
        {
            **check,
            "blocking": id(result) in blocking,
            "line_items": [
                {"id": line_id, "text": lines[line_id]["text"] if line_id in lines else ""}
                for line_id in check["lines"]
            ],
            "evidence_text": pretty(check["evidence"]),
        }
        for check, result in zip(doc["checks"], report.results, strict=True)
    ]
    return {
        "doc": doc,
        "profiles": _profiles(checks),
        "blocking": [check for check in checks if check["blocking"]],
        "uncovered": [entry for entry in doc["checklist"] if not entry["checks"]],
    }


def render_html(report: RunReport, redactor: Redactor) -> str:
    """The HTML report as text."""
    return _environment().get_template(TEMPLATE).render(_context(report, redactor))


def write_html(report: RunReport, path: str | os.PathLike[str], redactor: Redactor) -> None:
    """Write the HTML report to path."""
    write_text(path, render_html(report, redactor))
