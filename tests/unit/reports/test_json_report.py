"""The JSON report: exact shape, counts, coverage, round trip and redaction."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from harness.evidence import Data
from harness.reports.json_report import SHOWN_CHARS, report_schema, to_json_dict, write_json
from harness.reports.redaction import Redactor
from harness.results import CheckResult, CheckSpec, Level, Outcome, RunReport

TOP_KEYS = {"harness_version", "target", "started_at", "duration_s", "summary", "checks"}
EXTRA_TOP_KEYS = {
    "strict",
    "verdict",
    "checklist",
    "seed",
    "not_run",
    "partial_as_not_run",
    "root_causes",
}
CHECK_KEYS = {"id", "title", "level", "profile", "outcome", "message", "evidence"}
EXTRA_CHECK_KEYS = {"lines", "duration_s", "reproduce", "blocked_by", "partial"}
LINE_KEYS = {"id", "section", "text", "checks", "run", "not_run", "partial", "state", "summary"}


def test_shape_is_exactly_the_agreed_one_plus_additions(report, redactor):
    doc = to_json_dict(report, redactor)
    assert set(doc) == TOP_KEYS | EXTRA_TOP_KEYS
    assert set(doc["summary"]) == {"passed", "failed", "skipped", "errors"}
    for check in doc["checks"]:
        assert set(check) == CHECK_KEYS | EXTRA_CHECK_KEYS
        assert check["outcome"] in {"passed", "failed", "skipped", "error"}
        assert check["level"] in {"MUST", "SHOULD", "INFO"}
        assert isinstance(check["evidence"], list)
    for entry in doc["checklist"]:
        assert set(entry) == LINE_KEYS


def test_values(report, redactor):
    doc = to_json_dict(report, redactor)
    assert doc["summary"] == {"passed": 1, "failed": 3, "skipped": 1, "errors": 1}
    assert [c["id"] for c in doc["checks"]] == [r.spec.id for r in report.results]
    assert [c["outcome"] for c in doc["checks"]] == [
        "passed",
        "failed",
        "failed",
        "error",
        "skipped",
        "failed",
    ]
    assert doc["harness_version"] == "0.1.0"
    assert doc["started_at"] == "2025-06-01T12:00:00Z"
    assert doc["duration_s"] == 3.5
    assert doc["strict"] is False
    assert doc["verdict"] == "FAIL"  # BTN-002 (MUST) failed, WH-002 (MUST) errored
    assert doc["checks"][1]["lines"] == ["C1", "C2"]
    assert doc["checks"][1]["duration_s"] == 0.125


def test_checklist_coverage(report, redactor):
    coverage = {e["id"]: e for e in to_json_dict(report, redactor)["checklist"]}
    assert coverage["C1"]["checks"] == ["BTN-001", "BTN-002"]
    assert coverage["C2"]["text"] == "عناوين الأزرار قصيرة"
    assert coverage["X9"]["checks"] == []
    assert list(coverage) == ["C1", "C2", "W1", "W2", "X9"]


def test_file_round_trips_and_keeps_arabic_readable(report, redactor, tmp_path, arabic):
    path = tmp_path / "deep" / "er" / "report.json"
    write_json(report, path, redactor)
    text = path.read_text(encoding="utf-8")
    assert arabic in text  # ensure_ascii=False
    assert text.startswith('{\n  "harness_version"')  # indent 2
    assert json.loads(text) == to_json_dict(report, redactor)


def test_no_secret_in_data_or_file(report, redactor, tmp_path, assert_clean):
    # The data itself is clean, not just the file: other writers build from it.
    assert_clean(repr(to_json_dict(report, redactor)))
    path = tmp_path / "report.json"
    write_json(report, path, redactor)
    assert_clean(path.read_text(encoding="utf-8"))
    assert "[redacted]" in path.read_text(encoding="utf-8")


def test_evidence_is_made_json_safe_before_redaction(redactor, secrets):
    class Opaque:
        def __repr__(self) -> str:
            return f"Opaque({secrets[0]})"

    report = _one_check_report(
        evidence=[
            Data(
                {
                    "when": dt.datetime(2025, 1, 1, 12, 0),
                    "path": Path("/tmp/x"),
                    "tags": ("a", "b"),
                    "blob": bytearray(b"\xff" + secrets[1].encode()),
                    "inf": float("inf"),
                    1: Opaque(),
                }
            )
        ]
    )
    doc = to_json_dict(report, redactor)
    item = doc["checks"][0]["evidence"][0]
    assert item["when"] == "2025-01-01 12:00:00"
    assert item["tags"] == ["a", "b"]
    assert item["blob"] == "\ufffd[redacted]"
    assert item["inf"] == "inf"
    assert item["1"] == "Opaque([redacted])"
    json.loads(json.dumps(doc, allow_nan=False))


def test_short_secret_cannot_corrupt_outcome_or_level():
    doc = to_json_dict(_one_check_report(), Redactor(["pass", "MUS"]))
    assert doc["checks"][0]["outcome"] == "passed"
    assert doc["checks"][0]["level"] == "MUST"


def test_empty_report(empty_report, redactor, tmp_path):
    path = tmp_path / "empty.json"
    write_json(empty_report, path, redactor)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["checks"] == []
    assert doc["checklist"] == []
    assert doc["summary"] == {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    assert doc["verdict"] == "PASS"


def _one_check_report(evidence: list | None = None) -> RunReport:
    spec = CheckSpec("ONE-001", "One check", Level.MUST, "p")
    result = CheckResult(spec, Outcome.PASSED, "fine", evidence or [])
    return RunReport("0.1.0", "t", "2025-06-01T12:00:00Z", 0.1, [result])


def test_the_shipped_schema_accepts_the_report_and_refuses_a_broken_one(report, redactor):
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = json.loads(json.dumps(to_json_dict(report, redactor)))
    jsonschema.validate(doc, schema)
    empty = RunReport("0.1.0", "python:empty", "2025-06-01T12:00:00Z", 0.0, [])
    jsonschema.validate(json.loads(json.dumps(to_json_dict(empty, redactor))), schema)
    doc["checks"][0]["outcome"] = "green"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)
    del doc["seed"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


def test_long_evidence_is_cut_after_masking(redactor, secrets):
    # A secret straddling the cut: cut first, its head would survive unmasked.
    secret = secrets[0]
    body = "x" * (SHOWN_CHARS - 5) + secret + "y" * 3000
    spec = CheckSpec("CUT-001", "long", Level.MUST, "webhook", ())
    result = CheckResult(spec, Outcome.FAILED, "", [Data({"answer": {"body": body}})])
    report = RunReport("0", "t", "2026-01-01T00:00:00Z", 0.1, [result])
    shown = to_json_dict(report, redactor)["checks"][0]["evidence"][0]["answer"]["body"]
    assert len(shown) < SHOWN_CHARS + 40
    assert shown.endswith(f"… ({len(body)} characters in all)")
    assert secret[:8] not in shown
    assert shown.startswith("x" * (SHOWN_CHARS - 40))
