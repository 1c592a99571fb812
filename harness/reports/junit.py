"""The JUnit XML report, for CI systems that show test results."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from typing import Any

from harness.errors import UsageError
from harness.reports.evidence import pretty
from harness.reports.json_report import to_json_dict
from harness.reports.output import write_text
from harness.reports.redaction import Redactor
from harness.results import RunReport

SUITE = "wa-harness"
# How failures that do not fail the run can appear in the file.
NON_BLOCKING = ("skipped", "passed", "failure")

# Characters XML 1.0 forbids (control codes, lone surrogates, U+FFFE/FFFF); a target's
# reply can contain any of them and one would make the whole file unparseable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _details(check: dict[str, Any], lines: dict[str, str]) -> str:
    """Message, checklist lines and evidence as plain text for the CI log."""
    parts = [check["message"] or "(no message)"]
    if check["lines"]:
        cited = [f"  {line_id}: {lines.get(line_id, '')}".rstrip() for line_id in check["lines"]]
        parts.append("Checklist:\n" + "\n".join(cited))
    if check["evidence"]:
        parts.append("Evidence:\n" + pretty(check["evidence"]))
    return _xml_safe("\n\n".join(parts))


def _testcase(
    check: dict[str, Any],
    lines: dict[str, str],
    *,
    blocking: bool,
    non_blocking: str,
    not_run: bool = False,
) -> ET.Element:
    case = ET.Element(
        "testcase",
        classname=_xml_safe(f"{SUITE}.{check['profile']}"),
        name=_xml_safe(f"{check['id']} {check['title']}"),
        time=_seconds(check["duration_s"]),
    )
    properties = ET.SubElement(case, "properties")
    ET.SubElement(properties, "property", name="level", value=check["level"])
    for line_id in check["lines"]:
        ET.SubElement(properties, "property", name="checklist_line", value=_xml_safe(line_id))
    for name in ("partial", "blocked_by"):
        if check[name]:
            ET.SubElement(properties, "property", name=name, value=_xml_safe(check[name]))
    message = _xml_safe(check["message"])
    outcome = check["outcome"]
    partly = outcome == "passed" and check["partial"]
    if partly and not_run:
        # --partial-as-not-run: the run is INCOMPLETE, so CI shows this check as not run.
        reason = f"passed in part, counted as not run: {check['partial']}"
        ET.SubElement(case, "skipped", message=_xml_safe(reason))
    elif partly:
        ET.SubElement(case, "system-out").text = _xml_safe(f"passed (partly: {check['partial']})")
    elif outcome in ("failed", "error") and not blocking and non_blocking != "failure":
        # A failure that does not fail the run must not turn a CI dashboard red while the
        # job is green: it is shown as skipped (or passed) with its details kept as output.
        if non_blocking == "skipped":
            reason = f"non-blocking {check['level']} {outcome}: {message}"
            ET.SubElement(case, "skipped", message=reason)
        ET.SubElement(case, "system-out").text = _details(check, lines)
    elif outcome == "failed":
        failure = ET.SubElement(case, "failure", message=message, type=check["level"])
        failure.text = _details(check, lines)
    elif outcome == "error":
        # "blocked": the check's setup failed on the target; its cause is in blocked_by.
        kind = "blocked" if check["blocked_by"] else "error"
        error = ET.SubElement(case, "error", message=message, type=kind)
        error.text = _details(check, lines)
    elif outcome == "skipped":
        ET.SubElement(case, "skipped", message=message)
    return case


def render_junit(report: RunReport, redactor: Redactor, *, non_blocking: str = "skipped") -> str:
    """The JUnit XML report as text.

    ``non_blocking`` says how failures that do not fail the run (SHOULD unless strict, INFO)
    appear: ``skipped`` (default) or ``passed`` keep the file in step with the exit code;
    ``failure`` reports them as failures like blocking ones.
    """
    if non_blocking not in NON_BLOCKING:
        raise UsageError(
            f"non-blocking failures map to {', '.join(NON_BLOCKING)}, not {non_blocking!r}"
        )
    doc = to_json_dict(report, redactor)
    # Identity, not equality: two results may look alike but only one may block.
    blocking = {id(result) for result in report.blocking()}
    ungraded = {id(result) for result in report.ungraded()}
    lines = {entry["id"]: entry["text"] for entry in doc["checklist"]}
    cases = [
        _testcase(
            check,
            lines,
            blocking=id(result) in blocking,
            non_blocking=non_blocking,
            not_run=id(result) in ungraded,
        )
        for check, result in zip(doc["checks"], report.results, strict=True)
    ]
    suite = ET.Element(
        "testsuite",
        name=SUITE,
        tests=str(len(cases)),
        failures=str(sum(c.find("failure") is not None for c in cases)),
        errors=str(sum(c.find("error") is not None for c in cases)),
        skipped=str(sum(c.find("skipped") is not None for c in cases)),
        time=_seconds(doc["duration_s"]),
    )
    properties = ET.SubElement(suite, "properties")
    for name in ("harness_version", "target", "started_at", "seed", "strict", "verdict"):
        value = doc[name]
        text = str(value).lower() if isinstance(value, bool) else str(value)
        ET.SubElement(properties, "property", name=name, value=_xml_safe(text))
    suite.extend(cases)
    ET.indent(suite)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
    )


def write_junit(
    report: RunReport,
    path: str | os.PathLike[str],
    redactor: Redactor,
    *,
    non_blocking: str = "skipped",
) -> None:
    """Write the JUnit XML report to path."""
    write_text(path, render_junit(report, redactor, non_blocking=non_blocking), redactor)
