"""The HTML report: self-contained, readable, escaped, redacted."""

from __future__ import annotations

import html
import re
from importlib import resources

from harness.evidence import Data
from harness.reports.html import render_html, write_html
from harness.results import CheckResult, CheckSpec, Level, Outcome, RunReport


def _problem_ids(page: str) -> list[str]:
    return re.findall(r'<article class="failure[^"]*" id="check-([\w-]+)">', page)


def test_every_check_verdict_and_counts_shown(report, redactor):
    page = render_html(report, redactor)
    for result in report.results:
        assert f'id="row-{result.spec.id}"' in page
    # Failed and errored checks also get a detailed entry in the failures section.
    assert sorted(_problem_ids(page)) == ["BTN-002", "INF-002", "WH-001", "WH-002"]
    assert '<span class="verdict FAIL">FAIL</span>' in page
    assert "http://127.0.0.1:8080/webhook?verify_token=[redacted]" in html.unescape(page)
    assert "2025-06-01T12:00:00Z" in page
    assert "3.50 s" in page
    for label, count in (("passed", 1), ("failed", 3), ("errors", 1), ("skipped", 1)):
        assert re.search(rf">{label}</span><b>{count}</b>", page), label


def test_self_contained_and_arabic_ready(report, redactor, arabic):
    page = render_html(report, redactor)
    assert page.lstrip().startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert arabic in html.unescape(re.sub(r"</?bdi>", "", page))
    # Arabic inside Latin lines is isolated, so "«…» -> 200" keeps its order.
    assert "«<bdi>مرحبا، كيف يمكنني مساعدتك؟</bdi>»" in html.unescape(page)
    lowered = page.lower()
    for external in ("<script", "<link", "src=", "@import", "url("):
        assert external not in lowered, external


def test_evidence_folded_for_every_check(report, redactor):
    page = render_html(report, redactor)
    # Evidence of failures is folded too: the failure list and messages come first.
    assert "<details open" not in page
    assert page.count('<details class="evidence">') == 4  # BTN-001, BTN-002, WH-001, WH-002
    assert "Evidence for BTN-001" in page
    assert "Evidence for INF-002" not in page


def test_failures_come_first_grouped_by_cause(report, redactor):
    page = render_html(report, redactor)
    failures, checklist, everything = (
        page.index('id="failures"'),
        page.index('id="checklist"'),
        page.index('id="all-checks"'),
    )
    assert failures < checklist < everything
    causes = re.findall(r'<div class="cause">(.*?)</ul>', page, re.S)
    assert len(causes) == 4
    # Blocking causes (MUST failures) before the rest.
    assert "BTN-002" in causes[0] or "WH-002" in causes[0]
    assert "INF-002" not in causes[0]


def test_checklist_lines_rolled_up_with_this_runs_outcome(report, redactor):
    page = html.unescape(re.sub(r"</?bdi>", "", render_html(report, redactor)))
    assert "An opportunity card has at most three reply buttons" in page
    assert "عناوين الأزرار قصيرة" in page
    states = {
        line: state
        for state, line in re.findall(
            r'<div class="line-row state-(\w+)">\s*<span class="id">(\w+)', page
        )
    }
    # C1 has a passing and a failing check: failed. W2's check errored. X9 has none.
    assert states == {
        "C1": "failed",
        "C2": "failed",
        "W1": "failed",
        "W2": "failed",
        "X9": "uncovered",
    }
    assert page.count('class="line-row state-uncovered"') == 1


def test_blocking_only_for_must_unless_strict(report, redactor):
    page = render_html(report, redactor)
    # BTN-002 and WH-002: in the cause list, their entry and the list of all checks.
    assert page.count('class="badge blocking"') == 2 * 3
    assert page.count('class="failure is-blocking"') == 2
    report.results = [r for r in report.results if r.spec.level is not Level.MUST]
    assert '<span class="verdict PASS">PASS</span>' in render_html(report, redactor)
    report.strict = True
    strict_page = render_html(report, redactor)
    assert '<span class="verdict FAIL">FAIL</span>' in strict_page
    assert strict_page.count('class="failure is-blocking"') == 1  # WH-001 (SHOULD)


def test_target_text_is_escaped_not_markup(redactor):
    spec = CheckSpec("XSS-001", "<b>title</b>", Level.MUST, "p")
    result = CheckResult(
        spec, Outcome.FAILED, "<script>alert(1)</script>", [Data({"<img src=x>": "</pre>"})]
    )
    page = render_html(RunReport("0.1.0", "<i>t</i>", "now", 0.0, [result]), redactor)
    assert "<script>" not in page
    assert "<img" not in page
    assert '</pre>"' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_no_secrets_raw_or_unescaped(report, redactor, assert_clean):
    page = render_html(report, redactor)
    assert_clean(page)
    assert_clean(html.unescape(page))


def test_empty_report_and_parent_folders(empty_report, redactor, tmp_path):
    path = tmp_path / "out" / "report.html"
    write_html(empty_report, path, redactor)
    page = path.read_text(encoding="utf-8")
    assert '<span class="verdict PASS">PASS</span>' in page
    assert 'id="failures"' not in page
    assert "No checks ran." in page
    assert "No checklist was loaded" in page


def test_template_ships_inside_the_package():
    template = resources.files("harness.reports") / "templates" / "report.html.j2"
    assert template.is_file()


def test_checks_blocked_by_one_setup_group_under_it_after_the_real_findings(redactor):
    def result(check_id: str, outcome: Outcome, message: str) -> CheckResult:
        return CheckResult(CheckSpec(check_id, "t", Level.MUST, "flow"), outcome, message)

    blocked = "blocked: no card reached the operator: 131009"
    results = [
        result("FLW-001", Outcome.ERROR, blocked),
        result("FLW-002", Outcome.ERROR, f"[example] {blocked}"),
        result("BTN-001", Outcome.FAILED, "the card has 4 reply buttons"),
        result("FLW-003", Outcome.SKIPPED, "the target does not offer control"),
    ]
    page = render_html(RunReport("0.1.0", "t", "now", 0.0, results), redactor)
    causes = re.findall(r'<div class="cause">(.*?)</ul>', page, re.S)
    assert len(causes) == 2
    assert "BTN-001" in causes[0]
    assert blocked in causes[1]
    assert "FLW-001" in causes[1]
    assert "FLW-002" in causes[1]
    assert _problem_ids(page) == ["BTN-001", "FLW-001", "FLW-002"]
    # A MUST check that could not run is listed as not graded (the verdict is not PASS).
    assert 'id="ungraded-FLW-003"' in page
