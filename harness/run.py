"""The public names of a whole conformance run: run it, configure it, read its records.

``from harness.run import run_conformance, build_settings`` grades an implementation the
way ``wa-harness run`` does; docs/api.md describes each name.
"""

from __future__ import annotations

from harness.reports.writing import ReportPaths
from harness.results import CheckResult, CheckSpec, Level, Outcome, RunReport, Verdict
from harness.runner import run_conformance
from harness.settings import HarnessSettings, build_settings
from harness.targets.loading import open_target
from harness.targets.target import Target
from harness.targets.transport import HttpAnswer, HttpTransport, UrlTransport, WsgiTransport

__all__ = [
    "CheckResult",
    "CheckSpec",
    "HarnessSettings",
    "HttpAnswer",
    "HttpTransport",
    "Level",
    "Outcome",
    "ReportPaths",
    "RunReport",
    "Target",
    "UrlTransport",
    "Verdict",
    "WsgiTransport",
    "build_settings",
    "open_target",
    "run_conformance",
]
