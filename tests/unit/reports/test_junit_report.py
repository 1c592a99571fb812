"""The JUnit XML report: parses, counts, per-outcome elements, properties and redaction."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from harness.evidence import Data
from harness.reports.junit import render_junit, write_junit
from harness.results import CheckResult, CheckSpec, Level, Outcome, RunReport


def _parse(report, redactor) -> ET.Element:
    return ET.fromstring(render_junit(report, redactor).encode("utf-8"))


def _cases(suite: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name").split(" ", 1)[0]: case for case in suite.iter("testcase")}


def test_suite_counts(report, redactor):
    suite = ET.fromstring(render_junit(report, redactor, non_blocking="failure").encode())
    assert suite.tag == "testsuite"
    assert suite.get("name") == "wa-harness"
    assert suite.get("tests") == "6"
    assert suite.get("failures") == "3"
    assert suite.get("errors") == "1"
    assert suite.get("skipped") == "1"
    # By default the SHOULD and INFO failures, which do not fail the run, count as skipped.
    default = _parse(report, redactor)
    assert (default.get("failures"), default.get("errors"), default.get("skipped")) == (
        "1",
        "1",
        "3",
    )
    assert float(suite.get("time")) == 3.5
    assert len(list(suite.iter("testcase"))) == 6


def test_testcase_names_and_outcome_elements(report, redactor):
    cases = _cases(_parse(report, redactor))
    card = cases["BTN-002"]
    assert card.get("classname") == "wa-harness.cards"
    assert card.get("name") == "BTN-002 Button titles fit in 20 characters"
    assert float(card.get("time")) == 0.125
    assert cases["BTN-002"].find("failure") is not None
    # Non-blocking failures agree with the exit code: skipped, their details kept as output.
    for check_id in ("WH-001", "INF-002"):
        assert cases[check_id].find("failure") is None, check_id
        assert cases[check_id].find("skipped").get("message").startswith("non-blocking ")
        assert cases[check_id].find("system-out").text
    strict = ET.fromstring(render_junit(report, redactor, non_blocking="failure").encode())
    for check_id in ("BTN-002", "WH-001", "INF-002"):
        assert _cases(strict)[check_id].find("failure") is not None, check_id
    passed_mode = _cases(
        ET.fromstring(render_junit(report, redactor, non_blocking="passed").encode())
    )
    assert [child.tag for child in passed_mode["WH-001"]] == ["properties", "system-out"]
    assert cases["WH-002"].find("error") is not None
    assert cases["INF-001"].find("skipped").get("message") == "target has no version endpoint"
    passed = cases["BTN-001"]
    assert [child.tag for child in passed] == ["properties"]


def test_failure_carries_message_and_readable_evidence(report, redactor, arabic):
    failure = _cases(_parse(report, redactor))["BTN-002"].find("failure")
    assert arabic in failure.get("message")
    assert failure.get("type") == "MUST"
    assert arabic in failure.text
    assert '"method": "POST"' in failure.text
    assert "C2: عناوين الأزرار قصيرة" in failure.text


def test_properties_hold_level_and_checklist_lines(report, redactor):
    props = _cases(_parse(report, redactor))["BTN-002"].find("properties")
    pairs = [(p.get("name"), p.get("value")) for p in props]
    assert pairs == [("level", "MUST"), ("checklist_line", "C1"), ("checklist_line", "C2")]


def test_no_secrets_raw_or_parsed(report, redactor, assert_clean):
    text = render_junit(report, redactor)
    assert_clean(text)
    for element in ET.fromstring(text.encode()).iter():
        assert_clean(element.text or "")
        assert_clean(" ".join(element.attrib.values()))


def test_characters_xml_forbids_are_escaped(redactor):
    spec = CheckSpec("BAD-001", "Odd bytes \x07", Level.MUST, "p")
    result = CheckResult(
        spec, Outcome.FAILED, "nul \x00 esc \x1b lone \udc80", [Data({"raw": "\x0b\x1f\ufffe"})]
    )
    report = RunReport("0.1.0", "t\x00", "now", 0.0, [result])
    failure = ET.fromstring(render_junit(report, redactor).encode()).find("testcase/failure")
    assert failure.get("message") == "nul \\u0000 esc \\u001b lone \\udc80"


def test_empty_report_and_parent_folders(empty_report, redactor, tmp_path):
    path = tmp_path / "ci" / "junit.xml"
    write_junit(empty_report, path, redactor)
    suite = ET.parse(path).getroot()
    assert suite.get("tests") == "0"
    assert suite.get("failures") == "0"
    assert list(suite.iter("testcase")) == []
