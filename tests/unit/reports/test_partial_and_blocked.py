"""Partial judgement and typed blocked causes, in the run's records and in every report."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from harness.evidence import JudgedSend, SentMessage
from harness.reports.cucumber import render_cucumber
from harness.reports.html import render_html
from harness.reports.json_report import report_schema, to_json_dict
from harness.reports.junit import render_junit
from harness.reports.redaction import Redactor
from harness.reports.terminal import Progress
from harness.reports.transcript import render_transcript
from harness.results import (
    BLOCKED_PREFIX,
    ChecklistLine,
    CheckResult,
    CheckSpec,
    Level,
    Outcome,
    RunReport,
    Verdict,
    says_more_than_its_cause,
    without_examples,
)

DRAFTS = "no 'drafts' control command: only 'no send' was judged"
CAUSE = (
    "no opportunity card reached the operator: the fake Graph API rejected it with 131009 "
    "(Param interactive['action']['buttons'] must have at most 3 items)"
)


def _result(
    check_id: str,
    outcome: Outcome,
    *,
    message: str = "",
    lines: tuple[str, ...] = ("T2",),
    level: Level = Level.MUST,
    partial: str = "",
    blocked_by: str | None = None,
) -> CheckResult:
    spec = CheckSpec(check_id, f"title of {check_id}", level, "flow", lines)
    result = CheckResult(spec, outcome, message)
    result.partial = partial
    result.blocked_by = blocked_by
    return result


def _partial_report(*, partial_as_not_run: bool = False) -> RunReport:
    results = [
        _result("BTN-014", Outcome.SKIPPED, message="the target does not offer control"),
        _result("FLW-008", Outcome.PASSED),
        _result("FLW-009", Outcome.PASSED, partial=DRAFTS),
        _result("FLW-010", Outcome.PASSED, lines=("T3",)),
    ]
    checklist = [
        ChecklistLine("T2", "Step 2", "IDs stable per opportunity / draft"),
        ChecklistLine("T3", "Step 3", "Another line"),
    ]
    return RunReport(
        "0.1.0",
        "python:bot",
        "now",
        1.0,
        results,
        checklist=checklist,
        partial_as_not_run=partial_as_not_run,
        rerun="wa-harness run --target python:bot --seed 0",
    )


def _blocked_report() -> RunReport:
    blocked = [
        _result(
            f"FLW-0{n:02d}",
            Outcome.ERROR,
            message=f"{BLOCKED_PREFIX}{CAUSE}",
            blocked_by=CAUSE,
        )
        for n in range(3, 9)
    ]
    # A message joined from two examples and cut mid-word: still the same cause.
    blocked.append(
        _result(
            "SIG-002",
            Outcome.ERROR,
            message=f"[a] {BLOCKED_PREFIX}{CAUSE}; [b] {BLOCKED_PREFIX}no opportunity card re",
            blocked_by=CAUSE,
        )
    )
    found = _result("BTN-001", Outcome.FAILED, message="the card has 4 reply buttons")
    return RunReport(
        "0.1.0",
        "python:four",
        "now",
        1.0,
        [found, *blocked],
        rerun="wa-harness run --target python:four --seed 0",
    )


@pytest.fixture
def redactor() -> Redactor:
    return Redactor(("s3cret-app", "s3cret-token", "s3cret-verify"))


# -- the records -----------------------------------------------------------------------


def test_a_partial_pass_is_a_pass_that_says_what_it_could_not_judge() -> None:
    report = _partial_report()
    partly = report.results[2]
    assert partly.partly
    assert partly.outcome_text() == f"passed (partly: {DRAFTS})"
    assert report.results[1].outcome_text() == "passed"
    assert [r.spec.id for r in report.partly_judged()] == ["FLW-009"]


def test_the_roll_up_counts_checks_run_per_line_and_never_a_plain_pass() -> None:
    rows = {row.line.id: row for row in _partial_report().rollup()}
    t2 = rows["T2"]
    assert t2.state == "partly"
    assert t2.ran == ("FLW-008", "FLW-009")
    assert t2.not_run == ("BTN-014",)
    assert t2.partial == ("FLW-009",)
    assert t2.summary() == ("passed in part: 2 of 3 run (not run: BTN-014; partly judged: FLW-009)")
    assert rows["T3"].state == "passed"
    assert rows["T3"].summary() == "passed"


def test_a_line_with_a_failure_is_failed_whatever_else_did_not_run() -> None:
    report = _partial_report()
    report.results[1].outcome = Outcome.FAILED
    row = next(r for r in report.rollup() if r.line.id == "T2")
    assert row.state == "failed"
    assert row.summary() == "failed, 2 of 3 run"


def test_partial_must_checks_count_as_not_run_only_when_asked() -> None:
    skipped_only = _partial_report()
    skipped_only.results[0].outcome = Outcome.PASSED
    assert skipped_only.verdict() is Verdict.PASS
    asked = _partial_report(partial_as_not_run=True)
    asked.results[0].outcome = Outcome.PASSED
    assert asked.verdict() is Verdict.INCOMPLETE
    assert [r.spec.id for r in asked.ungraded()] == ["FLW-009"]


def test_a_partial_should_check_counts_as_not_run_only_when_strict() -> None:
    report = RunReport(
        "0",
        "t",
        "now",
        0.0,
        [_result("FLW-009", Outcome.PASSED, level=Level.SHOULD, partial=DRAFTS)],
        partial_as_not_run=True,
    )
    assert report.verdict() is Verdict.PASS
    report.strict = True
    assert report.verdict() is Verdict.INCOMPLETE


def test_blocked_checks_group_on_their_typed_cause_not_on_their_message() -> None:
    report = _blocked_report()
    causes = report.root_causes()
    assert list(causes) == [CAUSE]
    assert causes[CAUSE] == [
        "FLW-003",
        "FLW-004",
        "FLW-005",
        "FLW-006",
        "FLW-007",
        "FLW-008",
        "SIG-002",
    ]


def test_an_error_without_a_blocked_cause_is_no_root_cause() -> None:
    report = _blocked_report()
    for result in report.results:
        result.blocked_by = None
    # The message still starts "blocked: ", but the text is not what groups them.
    assert report.root_causes() == {}


# -- the reports -------------------------------------------------------------------------


def test_terminal_prints_the_root_cause_first_and_the_blocked_ids_once(redactor) -> None:
    report = _blocked_report()
    text = Progress(redactor, io.StringIO(), colour=False).summary(report)
    assert text.index("Blocked by one cause:") < text.index("Failed and errored checks:")
    assert text.count(CAUSE) == 1
    assert "7 checks: FLW-003, FLW-004, FLW-005, FLW-006, FLW-007, FLW-008, SIG-002" in text
    failed_block = text[text.index("Failed and errored checks:") :]
    assert "BTN-001" in failed_block
    assert "FLW-003" not in failed_block.split("Verdict:")[0]
    assert "7 blocked by 1 cause(s) above" in text


def test_terminal_shows_partial_passes_and_partly_passed_lines(redactor) -> None:
    stream = io.StringIO()
    progress = Progress(redactor, stream, colour=False)
    report = _partial_report()
    progress.check_finished(report.results[2])
    assert f"partly: {DRAFTS}" in stream.getvalue()
    text = progress.summary(report)
    assert "(1 passed in part)" in text
    assert f"partly: {DRAFTS}" in text
    assert "T2: passed in part: 2 of 3 run (not run: BTN-014; partly judged: FLW-009)" in text


def test_terminal_verdict_with_partial_as_not_run(redactor) -> None:
    report = _partial_report(partial_as_not_run=True)
    report.results[0].outcome = Outcome.PASSED
    text = Progress(redactor, io.StringIO(), colour=False).summary(report)
    assert "Verdict: INCOMPLETE - 1 MUST check(s) could not run" in text
    assert f"counted as not run (--partial-as-not-run): {DRAFTS}" in text


def test_json_carries_partial_blocked_by_and_the_roll_up_and_passes_the_schema(redactor) -> None:
    for report in (_partial_report(), _blocked_report()):
        doc = to_json_dict(report, redactor)
        jsonschema.validate(doc, report_schema())
    doc = to_json_dict(_partial_report(), redactor)
    checks = {c["id"]: c for c in doc["checks"]}
    assert checks["FLW-009"]["partial"] == DRAFTS
    assert checks["FLW-008"]["partial"] == ""
    line = next(e for e in doc["checklist"] if e["id"] == "T2")
    assert line["state"] == "partly"
    assert line["run"] == ["FLW-008", "FLW-009"]
    assert line["not_run"] == ["BTN-014"]
    blocked = to_json_dict(_blocked_report(), redactor)
    assert blocked["root_causes"] == [
        {"cause": CAUSE, "checks": blocked["root_causes"][0]["checks"]}
    ]
    assert {c["blocked_by"] for c in blocked["checks"]} == {CAUSE, None}


def test_junit_shows_a_partial_pass_and_a_partial_counted_as_not_run(redactor) -> None:
    suite = ET.fromstring(render_junit(_partial_report(), redactor).split("\n", 1)[1])
    case = next(c for c in suite.iter("testcase") if c.get("name", "").startswith("FLW-009"))
    assert case.findtext("system-out") == f"passed (partly: {DRAFTS})"
    props = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert props["partial"] == DRAFTS
    counted = _partial_report(partial_as_not_run=True)
    suite = ET.fromstring(render_junit(counted, redactor).split("\n", 1)[1])
    case = next(c for c in suite.iter("testcase") if c.get("name", "").startswith("FLW-009"))
    skipped = case.find("skipped")
    assert skipped is not None
    assert DRAFTS in skipped.get("message", "")


def test_cucumber_describes_a_partial_pass(redactor) -> None:
    features = json.loads(render_cucumber(_partial_report(), redactor, {}))
    elements = {e["name"].split()[0]: e for f in features for e in f["elements"]}
    assert elements["FLW-009"]["description"] == f"passed (partly: {DRAFTS})"
    assert elements["FLW-008"]["description"] == ""
    counted = json.loads(render_cucumber(_partial_report(partial_as_not_run=True), redactor, {}))
    elements = {e["name"].split()[0]: e for f in counted for e in f["elements"]}
    assert elements["FLW-009"]["steps"][-1]["result"]["status"] == "skipped"


def test_transcript_heads_a_partial_pass_and_names_a_blocked_cause(redactor) -> None:
    text = " ".join(render_transcript(_partial_report(), redactor).split())
    assert f"== FLW-009 MUST PASSED (partly: {DRAFTS}): title of FLW-009" in text
    blocked = " ".join(render_transcript(_blocked_report(), redactor).split())
    assert f"blocked by: {CAUSE}" in blocked


def test_html_shows_partial_passes_and_the_partly_passed_line(redactor) -> None:
    page = render_html(_partial_report(), redactor)
    assert "passed (partly)" in page
    assert "(1 in part)" in page
    assert f"passed (partly: {DRAFTS})".replace("'", "&#39;") in page
    assert "passed in part: 2 of 3 run" in page
    assert "BTN-014 (not run)" in page


def test_html_puts_the_root_cause_first_with_a_blocked_badge(redactor) -> None:
    page = render_html(_blocked_report(), redactor)
    assert page.index('id="root-causes"') < page.index('id="failures"')
    root = page[page.index('id="root-causes"') : page.index('id="failures"')]
    assert "7 checks blocked by it" in root
    # The cause once, not once per check: SIG-002's message, joined from two examples and
    # cut mid-word, says nothing more, so it is not repeated either.
    assert root.count("&#39;buttons&#39;") == 1
    assert 'class="badge blocked"' in root
    failures = page[page.index('id="failures"') : page.index('id="checklist"')]
    assert "What failed (1 check, 1 cause)" in failures
    assert re.findall(r'<article class="failure[^"]*" id="check-([\w-]+)">', failures) == [
        "BTN-001"
    ]
    assert 'class="badge blocking"' in failures


def test_html_draws_whatsapp_bold_in_cards(redactor) -> None:
    send = SentMessage(
        index=0,
        recipient="966500000001",
        status=400,
        payload={"type": "text", "text": {"body": "*فرصة* جديدة"}},
    )
    report = RunReport(
        "0",
        "t",
        "now",
        0.0,
        [
            CheckResult(
                CheckSpec("FLW-002", "t", Level.MUST, "flow"),
                Outcome.FAILED,
                "x",
                [JudgedSend("during FLW-002", send)],
            )
        ],
    )
    page = render_html(report, redactor)
    assert "<strong><bdi>فرصة</bdi></strong>" in page or "<strong>فرصة</strong>" in page
    assert "*فرصة*" not in page.split('id="failures"')[1].split("payload as sent")[0]


def test_html_shows_a_blocked_checks_message_when_it_says_more_than_the_cause(redactor) -> None:
    report = _blocked_report()
    report.results[1].message = f"[a] {BLOCKED_PREFIX}{CAUSE}; [b] KeyError: 'wamid'"
    page = render_html(report, redactor)
    root = page[page.index('id="root-causes"') : page.index('id="failures"')]
    assert "KeyError: &#39;wamid&#39;" in root


def test_terminal_lists_a_blocked_check_again_only_when_its_message_says_more(redactor) -> None:
    report = _blocked_report()
    report.results[1].message = f"[a] {BLOCKED_PREFIX}{CAUSE}; [b] KeyError: 'wamid'"
    text = Progress(redactor, io.StringIO(), colour=False).summary(report)
    failed_block = text[text.index("Failed and errored checks:") : text.index("Verdict:")]
    assert "FLW-003" in failed_block
    assert "KeyError: 'wamid'" in failed_block
    assert "FLW-004" not in failed_block


@pytest.mark.parametrize(
    ("message", "more"),
    [
        (f"{BLOCKED_PREFIX}{CAUSE}", False),
        (f"[edit] {BLOCKED_PREFIX}{CAUSE}; [cancel] {BLOCKED_PREFIX}{CAUSE[:20]}…", False),
        (f"[edit] {BLOCKED_PREFIX}{CAUSE}; [cancel] CheckFailed: nothing sent", True),
        (f"{BLOCKED_PREFIX}another cause", True),
        ("blocked: ", True),
    ],
)
def test_what_says_more_than_a_cause(message: str, more: bool) -> None:
    assert says_more_than_its_cause(message, CAUSE) is more


def test_not_graded_checks_group_by_reason_whatever_examples_they_ran(redactor) -> None:
    offer = "the target does not offer control"
    results = [
        _result("FLW-003", Outcome.SKIPPED, message=offer),
        _result("FLW-007", Outcome.SKIPPED, message=f"[edit] {offer}; [cancel] {offer}"),
        _result("HSK-001", Outcome.SKIPPED, message="the target does not offer create_app"),
    ]
    report = RunReport("0", "t", "now", 0.0, results)
    text = Progress(redactor, io.StringIO(), colour=False).summary(report)
    assert f"  {offer}\n    2 check(s): FLW-003, FLW-007" in text
    assert "  the target does not offer create_app\n    1 check(s): HSK-001" in text
    page = render_html(report, redactor)
    assert f"{offer} &mdash; 2 checks" in page
    assert without_examples(f"[edit] {offer}; [cancel] {offer}; [x] other") == f"{offer}; other"


def test_junit_marks_a_blocked_error_as_blocked(redactor) -> None:
    suite = ET.fromstring(render_junit(_blocked_report(), redactor).split("\n", 1)[1])
    cases = {c.get("name", "").split()[0]: c for c in suite.iter("testcase")}
    error = cases["FLW-003"].find("error")
    assert error is not None
    assert error.get("type") == "blocked"
    props = {p.get("name"): p.get("value") for p in cases["FLW-003"].iter("property")}
    assert props["blocked_by"] == CAUSE
    assert cases["BTN-001"].find("failure") is not None


def test_cucumber_names_a_blocked_checks_cause(redactor) -> None:
    features = json.loads(render_cucumber(_blocked_report(), redactor, {}))
    elements = {e["name"].split()[0]: e for f in features for e in f["elements"]}
    assert elements["FLW-003"]["description"] == f"blocked by: {CAUSE}"
    assert elements["BTN-001"]["description"] == ""
