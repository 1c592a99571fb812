"""The load verdict as the terminal words it and as the Locust page carries it."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from harness.errors import UsageError
from harness.load.report_page import SECTION_ID, add_judgement, judgement_section
from harness.load.verdict import LoadResult, format_result, judge, verdict_line
from harness.reports.redaction import Redactor
from tests.unit.load.test_traffic_and_verdict import BEFORE_CARDS, counts, plan, stats

SECRET = "load-page-secret-123456"
# The shape of Locust's report page: a script string with "<body" before the real tag.
LOCUST_LIKE = (
    "<!doctype html><html><head><script>var b='<body style=\"margin:0\">';</script></head>\n"
    '  <body>\n    <div id="root"></div>\n    <script>\n'
    '      window.templateArgs = {"history": [{"current_rps": ["t", 5]}]}\n'
    "    </script>\n  </body>\n</html>"
)


def result_with(**overrides) -> LoadResult:
    the_plan = plan()
    operator = the_plan.operators[0]
    before = counts(BEFORE_CARDS, {operator: 4})
    after = counts({**BEFORE_CARDS, **{f"msg:{n}:approve": 1 for n in range(4)}}, {operator: 8})
    return judge(stats(**overrides), before, after, plan=the_plan, prepared=True)


SLOW = {"latency_ms": {"p50": 300, "p95": 900, "p99": 990, "max": 999.0}}
BROKEN = {"by_status": {"200": 990, "503": 10}}


@pytest.mark.parametrize(
    ("overrides", "strict", "line"),
    [
        ({}, False, "Verdict: PASS"),
        (
            SLOW,
            False,
            "Verdict: WARN - 1 SHOULD check(s) failed: LOAD-001 (--strict fails the run on them)",
        ),
        (SLOW, True, "Verdict: FAIL - 1 SHOULD check(s) failed: LOAD-001"),
        (BROKEN, False, "Verdict: FAIL - 1 MUST check(s) failed: LOAD-003"),
    ],
)
def test_the_verdict_is_worded_as_run_words_it_and_ends_the_summary(overrides, strict, line):
    result = result_with(**overrides)
    assert verdict_line(result, strict=strict) == line
    assert format_result(result, strict=strict).splitlines()[-1] == line


class Section(HTMLParser):
    """The judgement section's verdict heading and its table rows, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.verdict_attr = ""
        self.heading = ""
        self.rows: list[list[str]] = []
        self._tag = ""

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "section" and values.get("id") == SECTION_ID:
            self.inside = True
            self.verdict_attr = values.get("data-verdict") or ""
        if self.inside and tag == "tr":
            self.rows.append([])
        self._tag = tag

    def handle_endtag(self, tag):
        if tag == "section":
            self.inside = False

    def handle_data(self, data):
        if not self.inside:
            return
        if self._tag == "h2":
            self.heading += data
        elif self._tag in ("td", "th") and self.rows:
            self.rows[-1].append(data)


def test_the_section_lists_every_check_escaped_and_without_secrets():
    result = result_with(**BROKEN)
    section = judgement_section(result, Redactor([SECRET]))
    parser = Section()
    parser.feed(section)
    assert parser.verdict_attr == "fail"
    assert parser.heading == "Verdict: FAIL - 1 MUST check(s) failed: LOAD-003"
    ids = [row[1] for row in parser.rows[1:]]
    assert ids == [f"LOAD-00{n}" for n in range(1, 8)]
    assert [parser.rows[3][0].lower(), *parser.rows[3][1:3]] == ["failed", "LOAD-003", "MUST"]


def test_messages_are_escaped_and_redacted(tmp_path):
    result = result_with()
    check = result.checks[-1]
    hostile = type(check)(
        check.id, check.level, check.title, check.outcome, f"<script>x</script> {SECRET}"
    )
    section = judgement_section(LoadResult(result.stats, (hostile,)), Redactor([SECRET]))
    assert "<script>x</script>" not in section
    assert html.escape("<script>x</script>") in section
    assert SECRET not in section


def test_the_judgement_goes_after_the_real_body_tag_and_keeps_the_charts_data(tmp_path):
    page = tmp_path / "locust.html"
    page.write_text(LOCUST_LIKE, encoding="utf-8")
    add_judgement(page, result_with(), Redactor([SECRET]), strict=False)
    text = page.read_text("utf-8")
    assert text.index("<body>") < text.index(SECTION_ID) < text.index('<div id="root">')
    assert "var b='<body style=\"margin:0\">';" in text  # the script is untouched
    history = json.loads(re.search(r"window.templateArgs = (.*)\n", text).group(1))["history"]
    assert history == [{"current_rps": ["t", 5]}]


def test_a_page_that_is_not_a_locust_report_is_a_usage_error(tmp_path: Path):
    page = tmp_path / "x.html"
    page.write_text("no html here", encoding="utf-8")
    with pytest.raises(UsageError, match="not a Locust report"):
        add_judgement(page, result_with(), Redactor([]), strict=False)
