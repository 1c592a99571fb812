"""The HTML report: self-contained, readable, escaped, redacted."""

from __future__ import annotations

import html
import re
from importlib import resources

from harness.reports import render_html, write_html
from harness.results import CheckResult, CheckSpec, Level, Outcome, RunReport


def test_every_check_verdict_and_counts_shown(report, redactor):
    page = render_html(report, redactor)
    for result in report.results:
        assert f'id="check-{result.spec.id}"' in page
    assert '<div class="verdict FAIL">FAIL</div>' in page
    assert "http://127.0.0.1:8080/webhook?verify_token=[redacted]" in html.unescape(page)
    assert "2025-06-01T12:00:00Z" in page
    assert "3.50 s" in page
    for label, count in (("Passed", 1), ("Failed", 3), ("Errors", 1), ("Skipped", 1)):
        assert re.search(rf">{label}</span><b>{count}</b>", page), label


def test_self_contained_and_arabic_ready(report, redactor, arabic):
    page = render_html(report, redactor)
    assert page.lstrip().startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert arabic in html.unescape(page)
    assert '<pre dir="auto">' in page
    lowered = page.lower()
    for external in ("<script", "<link", "src=", "@import", "url("):
        assert external not in lowered, external


def test_evidence_open_only_for_failed_and_errored(report, redactor):
    page = render_html(report, redactor)
    # BTN-001 passed with evidence: closed. BTN-002, WH-001, WH-002: open. INF-002: none.
    assert page.count("<details open>") == 3
    assert page.count("<details>") == 1
    assert "Evidence for BTN-001" in page
    assert "Evidence for INF-002" not in page


def test_checklist_lines_and_coverage(report, redactor):
    page = html.unescape(render_html(report, redactor))
    assert "An opportunity card has at most three reply buttons" in page
    assert "عناوين الأزرار قصيرة" in page
    uncovered = re.search(r'<tr class="uncovered">\s*<td class="id">(\w+)</td>', page)
    assert uncovered is not None
    assert uncovered.group(1) == "X9"
    assert page.count('<tr class="uncovered">') == 1


def test_blocking_only_for_must_unless_strict(report, redactor):
    page = render_html(report, redactor)
    assert page.count('class="blocking"') == 2  # BTN-002 failed, WH-002 errored
    report.results = [r for r in report.results if r.spec.level is not Level.MUST]
    assert '<div class="verdict PASS">PASS</div>' in render_html(report, redactor)
    report.strict = True
    strict_page = render_html(report, redactor)
    assert '<div class="verdict FAIL">FAIL</div>' in strict_page
    assert strict_page.count('class="blocking"') == 1  # WH-001 (SHOULD)


def test_target_text_is_escaped_not_markup(redactor):
    spec = CheckSpec("XSS-001", "<b>title</b>", Level.MUST, "p")
    result = CheckResult(
        spec, Outcome.FAILED, "<script>alert(1)</script>", [{"<img src=x>": "</pre>"}]
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
    assert "PASS" in page
    assert "No checks ran." in page
    assert "No checklist was loaded" in page


def test_template_ships_inside_the_package():
    template = resources.files("harness.reports") / "templates" / "report.html.j2"
    assert template.is_file()
