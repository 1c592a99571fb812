"""The HTML report: one self-contained page a QA person can read without help."""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from harness.evidence import failed_step
from harness.reports.conversation import conversation
from harness.reports.evidence import RTL_RUN
from harness.reports.json_report import shown_evidence, to_json_dict
from harness.reports.output import write_text
from harness.reports.redaction import Redactor
from harness.reports.root_causes import excess_buttons, refused_send
from harness.results import RunReport, says_more_than_its_cause, without_examples

TEMPLATE = "report.html.j2"
PROBLEMS = ("failed", "error")

# Numbers that stand in for each other in a failure message (ids, counts, wa_ids).
_NUMBERS = re.compile(r"\d+")
# The "[example] " a Scenario Outline puts before its message.
_EXAMPLE = re.compile(r"^\[[^\]]*\]\s*")


# WhatsApp's own formatting marks: *bold*, _italic_, ~strikethrough~ (within one line).
_FORMATTING = (
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), "strong"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), "em"),
    (re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])"), "s"),
)


def isolate(text: Any) -> Markup:
    """Escape text for HTML and wrap each right-to-left run in ``<bdi>``."""
    escaped = str(escape(str(text)))
    return Markup(RTL_RUN.sub(lambda m: f"<bdi>{m.group()}</bdi>", escaped))


def whatsapp(text: Any) -> Markup:
    """Message text as WhatsApp draws it: escaped, with *bold*, _italic_ and ~struck~."""
    marked = str(escape(str(text)))
    for pattern, tag in _FORMATTING:
        marked = pattern.sub(f"<{tag}>\\1</{tag}>", marked)
    return Markup(marked)


@cache
def environment() -> jinja2.Environment:
    """The one jinja environment of the report pages (the report and the grid)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("harness.reports", "templates"),
        # Target replies end up on the page: they must never become markup.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["isolate"] = isolate
    environment.filters["whatsapp"] = whatsapp
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
        {"headline": members[0].get("cause") or _headline(members), "checks": members}
        for members in ordered
    ]


def _headline(members: list[dict[str, Any]]) -> str:
    """The group's message, with the numbers its members differ in left out ("…").

    A heading must not show one check's prospect number above another check's failure.
    """
    messages = [
        _EXAMPLE.sub("", str(m["message"] or "(no message)")).split(";", 1)[0] for m in members
    ]
    pieces = [_NUMBERS.split(message) for message in messages]
    numbers = [_NUMBERS.findall(message) for message in messages]
    if len({len(n) for n in numbers}) != 1 or len({tuple(p) for p in pieces}) != 1:
        return str(members[0]["message"])
    kept = [values[0] if len(set(values)) == 1 else "…" for values in zip(*numbers, strict=True)]
    text = pieces[0][0]
    for number, piece in zip(kept, pieces[0][1:], strict=True):
        text += number + piece
    return text


def _rollup(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Each checklist line with this run's state ("passed in part: 2 of 6 run …")."""
    outcomes = {check["id"]: check["outcome"] for check in doc["checks"]}
    rows = []
    for line in doc["checklist"]:
        partial = set(line["partial"])
        members = [
            {
                "id": c,
                "outcome": outcomes.get(c, "not run"),
                "partly": c in partial,
            }
            for c in line["checks"]
        ]
        rows.append({**line, "members": members})
    return rows


def _ungraded_groups(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Checks that could not run, grouped by their reason (usually one missing role)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for check in checks:
        reason = check["message"] or (
            f"passed in part, counted as not run: {check['partial']}" if check["partial"] else ""
        )
        groups.setdefault(without_examples(reason), []).append(check)
    return [{"reason": reason, "checks": members} for reason, members in groups.items()]


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
    shown = [shown_evidence(result, redactor) for result in report.results]
    doc = to_json_dict(report, redactor, shown)
    lines = {entry["id"]: entry for entry in doc["checklist"]}
    # Identity, not equality: two results may look alike but only one may block.
    blocking = {id(result) for result in report.blocking()}
    ungraded = {id(result) for result in report.ungraded()}
    checks = [
        {
            **check,
            "blocking": id(result) in blocking,
            "ungraded": id(result) in ungraded,
            "cause": "",
            "line_items": [
                {"id": line_id, "text": lines[line_id]["text"] if line_id in lines else ""}
                for line_id in check["lines"]
            ],
            "conversation": conversation(evidence),
            "failed_step": failed_step(evidence),
        }
        for check, result, evidence in zip(doc["checks"], report.results, shown, strict=True)
    ]
    by_id = {check["id"]: check for check in checks}
    # One setup failure reads as one: its cause, the checks it blocked, what Meta refused.
    roots = []
    for entry in doc["root_causes"]:
        members = [by_id[c] for c in entry["checks"] if c in by_id]
        for member in members:
            member["says_more"] = says_more_than_its_cause(member["message"], entry["cause"])
        rejected = refused_send(check["conversation"] for check in members)
        roots.append(
            {
                "cause": entry["cause"],
                "checks": members,
                "rejected": rejected,
                "excess": excess_buttons(rejected),
            }
        )
    blocked = {c["id"] for root in roots for c in root["checks"]}
    causes = _causes(
        [check for check in checks if check["outcome"] in PROBLEMS and check["id"] not in blocked]
    )
    return {
        "doc": doc,
        "roots": roots,
        "blocked_ids": blocked,
        "causes": causes,
        # Details follow the order of the cause list, so the first cause is read first.
        "problems": [check for cause in causes for check in cause["checks"]],
        "ungraded": [check for check in checks if check["ungraded"]],
        "ungraded_groups": _ungraded_groups([check for check in checks if check["ungraded"]]),
        "rollup": _rollup(doc),
        "profiles": _profiles(checks),
        "blocking": [check for check in checks if check["blocking"]],
        "uncovered": [entry for entry in doc["checklist"] if not entry["checks"]],
    }


def render_html(report: RunReport, redactor: Redactor) -> str:
    """The HTML report as text."""
    return environment().get_template(TEMPLATE).render(_context(report, redactor))


def write_html(report: RunReport, path: str | os.PathLike[str], redactor: Redactor) -> None:
    """Write the HTML report to path."""
    write_text(path, render_html(report, redactor), redactor)
