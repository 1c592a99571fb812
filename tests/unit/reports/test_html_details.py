"""Details of the HTML page: Meta's error details, not-graded groups, alike sends counted."""

from __future__ import annotations

import re

import pytest

from harness.evidence import BrokenBy, BrokenRule, Evidence, JudgedSend, SentMessage
from harness.reports.conversation import conversation
from harness.reports.html import render_html
from harness.reports.redaction import Redactor
from harness.results import CheckResult, CheckSpec, Level, Outcome, RunReport

VIOLATION = BrokenRule(
    json_path="$.interactive.action.buttons",
    rule="button_count",
    details="Param interactive['action']['buttons'] must have at most 3 items",
    code=131009,
)


def _card(opportunity: str, titles: tuple[str, ...]) -> dict:
    return {
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": f"*فرصة* {opportunity}"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": f"opp:{opportunity}:{i}", "title": t}}
                    for i, t in enumerate(titles)
                ]
            },
        },
    }


def _send(
    index: int, opportunity: str, titles: tuple[str, ...] = ("قبول", "تخطي", "رسالة", "موعد")
) -> SentMessage:
    return SentMessage(
        index=index,
        recipient=f"96650000{index:04d}",
        status=400,
        payload=_card(opportunity, titles),
        response={"error": {"message": "(#131009) Parameter value is not valid"}},
        violations=(VIOLATION,),
    )


@pytest.fixture
def redactor() -> Redactor:
    return Redactor(("app-secret-x1", "token-x2", "verify-x3"))


def test_alike_sends_of_several_checks_are_drawn_once_and_counted() -> None:
    evidence: list[Evidence] = [
        JudgedSend(f"during FLW-0{n:02d}", _send(n, f"opp-{n}")) for n in range(10, 22)
    ]
    evidence.append(JudgedSend("during BTN-001", _send(99, "opp-99", ("قبول",))))
    evidence.append(BrokenBy(tuple(range(10, 22))))
    entries = conversation(evidence)
    assert len(entries) == 2
    (send,) = entries[0].sends
    assert send.count == 12
    assert send.also_during == [f"during FLW-0{n:02d}" for n in range(11, 22)]
    assert send.offending
    # A send that differs (other buttons) is its own entry.
    assert entries[1].sends[0].count == 1


def test_metas_error_details_read_as_text_not_a_python_dict(redactor) -> None:
    spec = CheckSpec("INV-001", "No card has more than 3 buttons", Level.MUST, "invariants")
    evidence: list[Evidence] = [JudgedSend("during FLW-010", _send(1, "opp-1"))]
    result = CheckResult(spec, Outcome.FAILED, "1 send(s) had more than 3 buttons", evidence)
    page = render_html(RunReport("0", "t", "now", 0.0, [result]), redactor)
    assert "{&#39;json_path&#39;" not in page
    assert (
        "$.interactive.action.buttons: Param interactive[&#39;action&#39;]"
        "[&#39;buttons&#39;] must have at most 3 items (#131009)" in page
    )
    # WhatsApp's *bold* is drawn bold in the card, not as asterisks.
    assert re.search(r"<strong>(<bdi>)?فرصة(</bdi>)?</strong>", page)


def test_not_graded_checks_are_grouped_by_their_reason(redactor) -> None:
    results = [
        CheckResult(
            CheckSpec(f"FLW-0{n:02d}", f"title {n}", Level.MUST, "flow"),
            Outcome.SKIPPED,
            "the target does not offer control",
        )
        for n in range(10, 50)
    ]
    results.append(
        CheckResult(
            CheckSpec("SIG-001", "signed", Level.MUST, "webhook"),
            Outcome.SKIPPED,
            "the target does not offer create_app",
        )
    )
    page = render_html(RunReport("0", "t", "now", 0.0, results), redactor)
    section = page[page.index('id="not-graded"') : page.index('id="checklist"')]
    assert section.count("the target does not offer control") == 1
    assert "the target does not offer control &mdash; 40 checks" in section
    assert "the target does not offer create_app &mdash; 1 check<" in section
    assert section.count('id="ungraded-') == 41


def test_a_cause_heading_shows_no_one_checks_number_above_anothers(redactor) -> None:
    results = [
        CheckResult(
            CheckSpec(check_id, "no cold outreach", Level.MUST, "flow"),
            Outcome.FAILED,
            f"1 message(s) went to the prospect: to {number}",
        )
        for check_id, number in (("FLW-013", "966515473764"), ("FLW-014", "966545376854"))
    ]
    page = render_html(RunReport("0", "t", "now", 0.0, results), redactor)
    (cause,) = re.findall(r'<div class="cause">(.*?)</ul>', page, re.S)
    assert "1 message(s) went to the prospect: to …" in cause
    assert "966515473764" not in cause
