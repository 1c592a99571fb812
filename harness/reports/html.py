"""The HTML report: one self-contained page a QA person can read without help."""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from harness.reports.conversation import conversation, failed_step
from harness.reports.evidence import RTL_RUN
from harness.reports.json_report import to_json_dict
from harness.reports.output import write_text
from harness.reports.redaction import Redactor
from harness.results import RunReport

TEMPLATE = "report.html.j2"
PROBLEMS = ("failed", "error")

# Numbers that stand in for each other in a failure message (ids, counts, wa_ids).
_NUMBERS = re.compile(r"\d+")
# The "[example] " a Scenario Outline puts before its message.
_EXAMPLE = re.compile(r"^\[[^\]]*\]\s*")


def isolate(text: Any) -> Markup:
    """Escape text for HTML and wrap each right-to-left run in ``<bdi>``."""
    escaped = str(escape(str(text)))
    return Markup(RTL_RUN.sub(lambda m: f"<bdi>{m.group()}</bdi>", escaped))


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("harness.reports", "templates"),
        # Target replies end up on the page: they must never become markup.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["isolate"] = isolate
    return environment


def root_cause(check: dict[str, Any]) -> str:
    """What a failure is about, with ids and counts set aside, so alike failures group."""
    if check.get("cause"):
        return str(check["cause"])
    message = _EXAMPLE.sub("", str(check.get("message") or "(no message)"))
    return _NUMBERS.sub("#", message.split(";", 1)[0]).strip()


def _causes(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Failed and errored checks grouped by cause, blocking causes and larger groups first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for check in problems:
        groups.setdefault(root_cause(check), []).append(check)
    # Findings (failed checks) before checks blocked by a setup; blocking before the rest.
    ordered = sorted(
        groups.values(),
        key=lambda members: (
            not any(c["blocking"] for c in members),
            not any(c["outcome"] == "failed" for c in members),
            -len(members),
        ),
    )
    return [
        {"headline": members[0].get("cause") or members[0]["message"], "checks": members}
        for members in ordered
    ]


def _rollup(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Each checklist line with this run's outcome: fail if any of its checks did not pass."""
    outcomes = {check["id"]: check["outcome"] for check in doc["checks"]}
    rows = []
    for line in doc["checklist"]:
        seen = [outcomes[c] for c in line["checks"] if c in outcomes]
        if not line["checks"]:
            state = "uncovered"
        elif any(o in PROBLEMS for o in seen):
            state = "failed"
        elif "passed" in seen:
            state = "passed"
        else:
            state = "skipped"
        members = [{"id": c, "outcome": outcomes.get(c, "not run")} for c in line["checks"]]
        rows.append({**line, "state": state, "members": members})
    return rows


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
    ungraded = {id(result) for result in report.ungraded()}
    # The run's own root causes (a setup that blocked many checks) group those checks.
    cause_of = {
        check_id: redactor.text(cause)
        for cause, ids in report.root_causes().items()
        for check_id in ids
    }
    checks = [
        {
            **check,
            "blocking": id(result) in blocking,
            "ungraded": id(result) in ungraded,
            "cause": cause_of.get(check["id"], ""),
            "line_items": [
                {"id": line_id, "text": lines[line_id]["text"] if line_id in lines else ""}
                for line_id in check["lines"]
            ],
            "conversation": conversation(check),
            "failed_step": failed_step(check),
        }
        for check, result in zip(doc["checks"], report.results, strict=True)
    ]
    causes = _causes([check for check in checks if check["outcome"] in PROBLEMS])
    return {
        "doc": doc,
        "causes": causes,
        # Details follow the order of the cause list, so the first cause is read first.
        "problems": [check for cause in causes for check in cause["checks"]],
        "ungraded": [check for check in checks if check["ungraded"]],
        "rollup": _rollup(doc),
        "profiles": _profiles(checks),
        "blocking": [check for check in checks if check["blocking"]],
        "uncovered": [entry for entry in doc["checklist"] if not entry["checks"]],
    }


def render_html(report: RunReport, redactor: Redactor) -> str:
    """The HTML report as text."""
    return _environment().get_template(TEMPLATE).render(_context(report, redactor))


def write_html(report: RunReport, path: str | os.PathLike[str], redactor: Redactor) -> None:
    """Write the HTML report to path."""
    write_text(path, render_html(report, redactor), redactor)
