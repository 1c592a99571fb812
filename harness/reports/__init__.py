"""Report writers: terminal, JSON, JUnit XML, HTML and a QA transcript, all redacted."""

from __future__ import annotations

from harness.reports.html import render_html, write_html
from harness.reports.json_report import to_json_dict, write_json
from harness.reports.junit import render_junit, write_junit
from harness.reports.redaction import Redactor
from harness.reports.terminal import Progress
from harness.reports.transcript import render_transcript, write_transcript

__all__ = [
    "Progress",
    "Redactor",
    "render_html",
    "render_junit",
    "render_transcript",
    "to_json_dict",
    "write_html",
    "write_json",
    "write_junit",
    "write_transcript",
]
