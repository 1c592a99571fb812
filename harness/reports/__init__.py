"""Report writers: terminal, JSON, JUnit XML, HTML, cucumber, a QA transcript and the grid,
all redacted. Each lives in its own module and loads on first use: a part that only masks
text does not load the HTML templates."""

from __future__ import annotations

import importlib

# Name -> the module that holds it.
_HOMES = {
    "Progress": "harness.reports.terminal",
    "Redactor": "harness.reports.redaction",
    "render_html": "harness.reports.html",
    "render_junit": "harness.reports.junit",
    "render_transcript": "harness.reports.transcript",
    "to_json_dict": "harness.reports.json_report",
    "write_html": "harness.reports.html",
    "write_json": "harness.reports.json_report",
    "write_junit": "harness.reports.junit",
    "write_transcript": "harness.reports.transcript",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module 'harness.reports' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
